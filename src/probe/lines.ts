import type { StreamName } from './types.js';

/** Longer lines are cut: probe output lines are short, and a body without newlines can be huge. */
export const MAX_LINE = 64 * 1024;

/**
 * Splits one byte stream into lines. Exec frames cut anywhere, including inside a multi-byte
 * character, so bytes go through a streaming decoder before any line is looked at.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';

  constructor(private readonly maxLine = MAX_LINE) {}

  /** Complete lines from this chunk, without their terminators ("\n" or "\r\n"). */
  push(chunk: string | Uint8Array): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.append(text.slice(start, nl));
      lines.push(stripCr(this.partial));
      this.partial = '';
      start = nl + 1;
    }
    this.append(text.slice(start));
    return lines;
  }

  /** The last line if the stream ended without a newline. */
  flush(): string[] {
    this.append(this.decoder.decode());
    const rest = this.partial;
    this.partial = '';
    return rest === '' ? [] : [stripCr(rest)];
  }

  private append(s: string): void {
    if (this.partial.length < this.maxLine) this.partial += s.slice(0, this.maxLine - this.partial.length);
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** One splitter per stream, so a stderr chunk never lands in the middle of a stdout line. */
export class StreamLines {
  private readonly splitters: Record<StreamName, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() };

  push(chunk: string | Uint8Array, stream: StreamName): string[] {
    return this.splitters[stream].push(chunk);
  }

  flush(): { stream: StreamName; line: string }[] {
    return (['stdout', 'stderr'] as const).flatMap((stream) => this.splitters[stream].flush().map((line) => ({ stream, line })));
  }
}

/** UTF-8 length of a string without allocating its encoding. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Builds a StreamParser from per-line handling: the line splitting, the flush at the end and the
 * default stream are the same for every tool. `onChunk` sees raw chunks (to count body bytes).
 */
export function lineParser<E, R>(hooks: {
  onLine(line: string, stream: StreamName): E[];
  finish(exitCode: number | null): { events: E[]; result: R };
  onChunk?(chunk: string | Uint8Array, stream: StreamName): void;
}): { feed(chunk: string | Uint8Array, stream?: StreamName): E[]; end(exitCode?: number | null): { events: E[]; result: R } } {
  const lines = new StreamLines();
  return {
    feed(chunk, stream = 'stdout') {
      hooks.onChunk?.(chunk, stream);
      return lines.push(chunk, stream).flatMap((line) => hooks.onLine(line, stream));
    },
    end(exitCode = null) {
      const tail = lines.flush().flatMap(({ line, stream }) => hooks.onLine(line, stream));
      const done = hooks.finish(exitCode);
      return { events: [...tail, ...done.events], result: done.result };
    },
  };
}
