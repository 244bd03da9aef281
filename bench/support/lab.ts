// Starts the real `podnet lab` (dist/podnet.js, from the project root) for a benchmark and times
// how long it takes to print `lab ready`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface BenchLab {
  ms: number;
  kubeconfig: string;
  /** The lab process: its pid names the lab's network namespaces (podnet-<pid>-...). */
  pid: number;
  stop: () => Promise<void>;
}

export async function startLab(args: string[] = []): Promise<BenchLab> {
  const dir = mkdtempSync(join(tmpdir(), 'podnet-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const t0 = performance.now();
  const child = spawn(process.execPath, [resolve('dist/podnet.js'), 'lab', '--kubeconfig-out', kubeconfig, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('lab ready:')) ok();
    });
    child.on('exit', (c) => fail(new Error(`lab exited ${c}`)));
  });
  const ms = performance.now() - t0;
  const stop = () =>
    new Promise<void>((ok) => {
      child.once('exit', () => {
        rmSync(dir, { recursive: true, force: true });
        ok();
      });
      child.kill('SIGTERM');
    });
  return { ms, kubeconfig, pid: child.pid!, stop };
}
