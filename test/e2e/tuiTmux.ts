// The real binary in tmux (a real TTY) for the explorer's end-to-end tests: one tmux server per
// test file (its own socket), one session per test, screens read with capture-pane.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PODNET } from '../helpers/lab.js';

export class Tmux {
  readonly socket = `podnet-test-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  private n = 0;

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts `podnet ARGS` in a new session of the given size; the shell prints a marker before and
   * the exit code after, then keeps the pane open so the restored screen can be read. */
  start(args: string[], o: { cols?: number; rows?: number; env?: Record<string, string> } = {}): Session {
    const name = `t${++this.n}`;
    const env = Object.entries(o.env ?? {}).map(([k, v]) => `${k}='${v}'`).join(' ');
    // Ink draws no live frames when CI is set (the suite runs with CI=true).
    const cmd = `printf 'before-podnet\\n'; env -u CI ${env} ${process.execPath} ${PODNET} ${args.map((a) => `'${a}'`).join(' ')}; echo "podnet-exit=$?"; sleep 600`;
    this.run('new-session', '-d', '-s', name, '-x', String(o.cols ?? 120), '-y', String(o.rows ?? 36), cmd);
    return new Session(this, name);
  }

  kill(): void {
    try {
      this.run('kill-server');
    } catch {
      // already gone
    }
    // tmux leaves its socket file behind (-L NAME lives in $TMUX_TMPDIR/tmux-UID/NAME).
    rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
  }
}

export class Session {
  constructor(private readonly tmux: Tmux, readonly name: string) {}

  /** The screen's lines, without the empty ones at the bottom. */
  screen(colours = false): string {
    return this.tmux.run('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', this.name).replace(/\s+$/, '');
  }

  keys(...keys: string[]): void {
    this.tmux.run('send-keys', '-t', this.name, ...keys);
  }

  /** Types text literally (no key-name lookup). */
  type(text: string): void {
    this.tmux.run('send-keys', '-t', this.name, '-l', text);
  }

  resize(cols: number, rows: number): void {
    this.tmux.run('resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows));
  }

  title(): string {
    return this.tmux.run('display-message', '-p', '-t', this.name, '#{pane_title}').trim();
  }

  /** The podnet process: the pane's shell's child. */
  podnetPid(): number {
    const shell = this.tmux.run('display-message', '-p', '-t', this.name, '#{pane_pid}').trim();
    const kids = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/);
    return Number(kids[0]);
  }

  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 10_000, colours = false): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = this.screen(colours);
      if (test(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    try {
      this.tmux.run('kill-session', '-t', this.name);
    } catch {
      // already gone
    }
  }
}
