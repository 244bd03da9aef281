import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { screenStream } from '../../src/ui/screenStream.js';
import { fit, wrapWords } from '../../src/ui/format.js';
import { windowTop } from '../../src/state/paneViews.js';
import { layout } from '../../src/ui/layout.js';

describe('screenStream: the stdout Ink writes frames to', () => {
  const capture = () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c) => chunks.push(String(c)));
    const s = screenStream(out as unknown as NodeJS.WriteStream);
    return { s, chunks, out };
  };

  it('starts every incremental frame at the top-left corner, not "lines - 1" up (which drifts a row)', () => {
    const { s, chunks } = capture();
    s.write('\x1b[34A\x1b[1Gheader\x1b[K\n');
    expect(chunks).toEqual(['\x1b[H\x1b[1Gheader\x1b[K\n']);
  });

  it('skips a run of unchanged lines with one move', () => {
    const { s, chunks } = capture();
    s.write('\x1b[H\x1b[E\x1b[E\x1b[E\x1b[1Gchanged\x1b[K\n\x1b[E\x1b[E');
    expect(chunks).toEqual(['\x1b[H\x1b[3E\x1b[1Gchanged\x1b[K\n\x1b[2E']);
  });

  it('passes everything else through and reads like the real stream', () => {
    const { s, chunks, out } = capture();
    s.write('plain');
    expect(chunks).toEqual(['plain']);
    expect(s.on).toBeTypeOf('function');
    expect((s as unknown as { readable: boolean }).readable).toBe(out.readable);
  });
});

describe('text fitting', () => {
  it('fit pads, aligns and cuts with an ellipsis', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('abcdef', 4)).toBe('abc…');
  });

  it('wrapWords wraps at words, and cuts what does not fit in the lines allowed', () => {
    expect(wrapWords('Cannot reach the API server: connection refused.', 20, 3)).toEqual(['Cannot reach the API', 'server: connection', 'refused.']);
    expect(wrapWords('one two three four five six', 9, 2)).toEqual(['one two', 'three fo…']);
  });
});

describe('windows and layout', () => {
  it('the window moves only as far as the cursor needs', () => {
    expect(windowTop(0, 5, 100, 10)).toBe(0);
    expect(windowTop(0, 12, 100, 10)).toBe(3);
    expect(windowTop(3, 8, 100, 10)).toBe(3);
    expect(windowTop(3, 1, 100, 10)).toBe(1);
    expect(windowTop(95, 49, 50, 10)).toBe(40); // the list shrank under the window
  });

  it('the app is one row shorter than the terminal; side panes from 100 columns on', () => {
    const wide = layout(120, 36, 2);
    expect(wide.header + wide.body.height + wide.footer).toBe(35);
    expect(wide.wide).toBe(true);
    expect(wide.left.width + wide.right.width).toBe(120);
    expect(wide.left.nodes).toBe(5);
    const narrow = layout(80, 24, 500);
    expect(narrow.wide).toBe(false);
    expect(narrow.left.nodes).toBe(Math.floor(21 / 3));
  });
});
