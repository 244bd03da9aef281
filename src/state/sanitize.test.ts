import { describe, expect, it } from 'vitest';
import { cleanLines, cleanText } from './sanitize.js';

describe('cleanText: cluster text drawn harmlessly', () => {
  it.each([
    ['plain ASCII is returned as is', 'practice-pod 10.244.0.4', 'practice-pod 10.244.0.4'],
    ['OSC window title (BEL)', 'a\u001b]0;pwned\u0007b', 'ab'],
    ['OSC hyperlink (ST)', '\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\', 'link'],
    ['clear screen', 'x\u001b[2Jy', 'xy'],
    ['colour and cursor moves', '\u001b[31mred\u001b[0m\u001b[10;10H!', 'red!'],
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['DCS', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
    ['unterminated OSC swallows the rest, as a terminal would', 'ok\u001b]0;still title', 'ok'],
    ['two-byte escapes (save cursor, reset)', 'a\u001b7b\u001bcc', 'abc'],
    ['C0 controls and DEL', 'a\u0000b\u0007c\u007fd\u0008e', 'abcde'],
    ['tabs and newlines become spaces', 'a\tb\nc\r\nd', 'a b c  d'],
    ['bidi overrides (text that reads other than it shows)', 'abc\u202edcba\u202c', 'abcdcba'],
    ['other Unicode stays', 'café ✓ 日本', 'café ✓ 日本'],
    ['nothing', undefined, ''],
  ])('%s', (_name, input, want) => {
    expect(cleanText(input as string | undefined)).toBe(want);
  });

  it('cleanLines keeps the lines apart and cleans each', () => {
    expect(cleanLines('one\u001b[2J\ntwo\u001b]0;x\u0007')).toEqual(['one', 'two']);
  });
});
