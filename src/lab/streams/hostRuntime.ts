// A test double for the pods' runtime: commands run straight on this host (no namespaces, no
// image; every pod sees the host's tools) and port-forward dials the host's loopback. Only for
// tests of the exec and port-forward protocols, never for a lab that users see.
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { ExecProcess, ExecStartError, PodStreamRuntime } from './runtime.js';

export function hostRuntime(): PodStreamRuntime {
  return {
    async exec(_pod, _container, argv, opts) {
      const missing = findTool(argv[0] ?? '');
      if (missing) return missing;
      const child = spawn(argv[0]!, argv.slice(1), {
        // Its own process group, so that kill() reaches whatever the command started too.
        detached: true,
        stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })));
      const started = await new Promise<Error | undefined>((resolve) => {
        child.once('spawn', () => resolve(undefined));
        child.once('error', resolve);
      });
      if (started) return { message: `exec failed: unable to start container process: exec: "${argv[0]}": ${started.message}`, exitCode: 126 };
      const pid = child.pid!;
      let killed = false;
      const proc: ExecProcess = {
        stdin: child.stdin,
        stdout: child.stdout!,
        stderr: child.stderr!,
        kill() {
          // Once only: a group id signalled again much later could belong to someone else.
          if (killed) return;
          killed = true;
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            // the whole group is gone already
          }
        },
        exited,
      };
      return proc;
    },

    dial(_pod, port) {
      return new Promise<Duplex>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket.off('error', reject);
          resolve(socket);
        });
        socket.once('error', reject);
      });
    },
  };
}

/** runc's refusal (as `exec failed: ...`) when the tool is not there, else undefined. */
function findTool(name: string): ExecStartError | undefined {
  const fail = (why: string): ExecStartError => ({ message: `exec failed: unable to start container process: exec: "${name}": ${why}`, exitCode: 126 });
  if (name.includes('/')) {
    try {
      if (!statSync(name).isFile()) return fail(`stat ${name}: is a directory`);
      accessSync(name, fsConstants.X_OK);
      return undefined;
    } catch (e) {
      return fail((e as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : `stat ${name}: no such file or directory`);
    }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      const path = join(dir, name);
      if (statSync(path).isFile()) {
        accessSync(path, fsConstants.X_OK);
        return undefined;
      }
    } catch {
      // not in this directory
    }
  }
  return fail('executable file not found in $PATH');
}
