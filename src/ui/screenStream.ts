// The stdout Ink renders to. Ink 6.8's incremental renderer starts each frame with "cursor up
// (lines - 1)", but after a frame that ends in a newline (every frame shorter than the terminal,
// which is what keeps Ink from clearing the screen each time, ink#971) the cursor is one line
// lower, so frames drift down a row. The app owns the whole alternate screen and always starts
// at its top-left corner, so that relative move is replaced with "cursor home". And the run of
// "next line" moves Ink writes to skip unchanged lines becomes one move (3 bytes, not 3 a line).

const FRAME_START = /^\x1b\[\d+A/;
const HOME = '\x1b[H';
const NEXT_LINES = /(?:\x1b\[E){2,}/g;

export function screenStream(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]) => {
    const data = typeof chunk === 'string' ? chunk.replace(FRAME_START, HOME).replace(NEXT_LINES, (run) => `\x1b[${run.length / 3}E`) : chunk;
    return (stdout.write as (...a: unknown[]) => boolean)(data, ...rest);
  };
  return new Proxy(stdout, {
    get(target, prop) {
      if (prop === 'write') return write;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
