// Running the host's network tools (ip, iptables) with argv only, and failing with what they said.
import { execFile } from 'node:child_process';

export class CommandError extends Error {
  constructor(readonly argv: string[], readonly stderr: string, readonly code: number | null) {
    super(`${argv.join(' ')} failed: ${stderr.trim() || `exit ${code}`}`);
  }
}

export function run(file: string, args: string[], input?: string): Promise<string> {
  return new Promise((ok, fail) => {
    const child = execFile(file, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) fail(new CommandError([file, ...args], String(stderr), typeof err.code === 'number' ? err.code : null));
      else ok(String(stdout));
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** `ip netns exec NS argv...`: argv runs in the namespace with /etc/netns/NS files mounted over /etc. */
export function inNetns(ns: string, argv: string[], input?: string): Promise<string> {
  return run('ip', ['netns', 'exec', ns, ...argv], input);
}
