import { describe, expect, it } from 'vitest';
import { LineSplitter, StreamLines, lineParser, utf8Length } from './lines.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('LineSplitter', () => {
  it('joins lines across chunks and keeps the unterminated tail for flush', () => {
    const s = new LineSplitter();
    expect(s.push('ab')).toEqual([]);
    expect(s.push('c\nde')).toEqual(['abc']);
    expect(s.push('\n\nf')).toEqual(['de', '']);
    expect(s.flush()).toEqual(['f']);
    expect(s.flush()).toEqual([]);
  });

  it('drops the \\r of \\r\\n even when the two arrive in different chunks', () => {
    const s = new LineSplitter();
    expect(s.push('a\r')).toEqual([]);
    expect(s.push('\nb\r\n')).toEqual(['a', 'b']);
  });

  it('decodes a multi-byte character split between chunks', () => {
    const s = new LineSplitter();
    const b = bytes('é→\n');
    const out = [...b].flatMap((x) => s.push(new Uint8Array([x])));
    expect(out).toEqual(['é→']);
  });

  it('cuts an endless line instead of holding it all', () => {
    const s = new LineSplitter(8);
    expect(s.push('0123456789abc')).toEqual([]);
    expect(s.push('def\nnext\n')).toEqual(['01234567', 'next']);
  });
});

describe('StreamLines', () => {
  it('keeps stdout and stderr lines apart when their chunks interleave', () => {
    const l = new StreamLines();
    expect(l.push('out-', 'stdout')).toEqual([]);
    expect(l.push('err\n', 'stderr')).toEqual(['err']);
    expect(l.push('line\n', 'stdout')).toEqual(['out-line']);
    l.push('tail', 'stderr');
    expect(l.flush()).toEqual([{ stream: 'stderr', line: 'tail' }]);
  });
});

describe('lineParser', () => {
  it('defaults to stdout, hands the tail line over at the end, then finishes', () => {
    const seen: string[] = [];
    const p = lineParser({
      onLine: (line, stream) => [`${stream}:${line}`],
      finish: (code) => ({ events: ['done'], result: code }),
      onChunk: (chunk) => seen.push(String(chunk)),
    });
    expect(p.feed('a\nb')).toEqual(['stdout:a']);
    expect(p.end(3)).toEqual({ events: ['stdout:b', 'done'], result: 3 });
    expect(seen).toEqual(['a\nb']);
  });
});

describe('utf8Length', () => {
  it('counts what TextEncoder would produce', () => {
    for (const s of ['', 'abc', 'é', '→', '😀', 'a😀é→z']) expect(utf8Length(s)).toBe(bytes(s).length);
  });
});
