// A process exec'd into a pod: in its network namespace, with only the image's tools on PATH,
// in a process group of its own so that ending the exec ends everything it started.
import { spawn } from 'node:child_process';
import type { ExecOptions, ExecProcess } from '../streams/runtime.js';
import { PTY_RELAY } from './ptyHelper.js';

export function spawnInPod(ns: string, toolDir: string, hostname: string, argv: string[], opts: ExecOptions): ExecProcess {
  const env = ['/usr/bin/env', '-i', `PATH=${toolDir}`, 'HOME=/root', `HOSTNAME=${hostname}`, 'TERM=xterm'];
  const command = opts.tty ? ['/usr/bin/python3', '-c', PTY_RELAY, ...argv] : argv;
  const child = spawn('ip', ['netns', 'exec', ns, ...env, ...command], {
    stdio: opts.tty ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
    cwd: '/', // a container's working directory, not wherever the lab was started
    detached: true,
  });
  const control = opts.tty ? (child.stdio[3] as import('node:stream').Writable) : undefined;
  control?.on('error', () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => {
    child.once('exit', (code, signal) => ok({ code, signal }));
    child.once('error', () => ok({ code: 126, signal: null }));
  });
  if (!opts.stdin) child.stdin.end();
  return {
    stdin: opts.stdin ? child.stdin : null,
    stdout: child.stdout,
    stderr: child.stderr,
    ...(control ? { resize: (cols: number, rows: number) => void control.write(`${cols} ${rows}\n`) } : {}),
    // SIGTERM first lets the terminal relay end its command's session too; SIGKILL a moment later.
    kill: () => {
      signalGroup(child.pid, 'SIGTERM');
      setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 500).unref();
    },
    exited,
  };
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  try {
    if (pid) process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
