// Starts the real `podnet lab` binary (dist/podnet.js, built by `npm test` before vitest runs)
// and waits for its `lab ready: kubeconfig <path>` line, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PODNET = resolve(__dirname, '../../dist/podnet.js');

export interface RunningLab {
  kubeconfig: string;
  dir: string;
  child: ChildProcess;
  output: () => string;
  /** `podnet lab fault ARGS... --kubeconfig <this lab>`; resolves with the exit code and output. */
  fault: (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export async function startLab(args: string[] = [], timeoutMs = 60_000): Promise<RunningLab> {
  const dir = mkdtempSync(join(tmpdir(), 'podnet-lab-test-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(process.execPath, [PODNET, 'lab', '--kubeconfig-out', kubeconfig, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`lab not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      if (/^lab ready: kubeconfig .+$/m.test(out)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`lab exited with ${code} before it was ready:\n${out}`));
    });
  });
  const stop = (signal: NodeJS.Signals = 'SIGINT') =>
    new Promise<number | null>((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        rmSync(dir, { recursive: true, force: true });
        return ok(child.exitCode);
      }
      child.once('exit', (code) => {
        rmSync(dir, { recursive: true, force: true });
        ok(code);
      });
      child.kill(signal);
    });
  const fault = (...fargs: string[]) => runPodnet(['lab', 'fault', ...fargs, '--kubeconfig', kubeconfig]);
  return { kubeconfig, dir, child, output: () => out, fault, stop };
}

export function runPodnet(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string; pid: number }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [PODNET, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => ok({ code: code ?? -1, stdout, stderr, pid: child.pid ?? -1 }));
  });
}
