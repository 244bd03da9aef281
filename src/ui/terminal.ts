// The full screen, entered and always left: the alternate screen (Ink 6 has no option for it),
// the cursor, and raw mode are restored on quit, on a signal, on a crash and on process exit.
import { writeSync } from 'node:fs';

export const ENTER = '\x1b[?1049h\x1b[H\x1b[2J';
export const LEAVE = '\x1b[?25h\x1b[?1049l';

export interface FullScreen {
  /** Clears the screen (after a resize, so the next frame starts from a clean slate). */
  clear: () => void;
  /** Idempotent; safe from 'exit' handlers (writes synchronously). */
  restore: () => void;
}

export function enterFullScreen(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): FullScreen {
  let restored = false;
  const write = (s: string) => {
    try {
      writeSync((stdout as { fd?: number }).fd ?? 1, s);
    } catch {
      stdout.write(s);
    }
  };
  write(ENTER);
  // Anything a library prints would tear the frame: keep it off the screen while it is ours.
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  const quiet = () => {};
  Object.assign(console, { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet });
  const restore = () => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    Object.assign(console, saved);
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // stdin already closed
    }
    write(LEAVE);
  };
  process.on('exit', restore);
  return { clear: () => write('\x1b[H\x1b[2J'), restore };
}
