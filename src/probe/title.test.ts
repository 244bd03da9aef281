import { describe, expect, it } from 'vitest';
import { TITLE_HEAD_LIMIT, TitleFinder, cleanTitle } from './title.js';

describe('TitleFinder', () => {
  it('finds a title spread over lines, once', () => {
    const t = new TitleFinder();
    expect(t.push('<html><head><TITLE lang="en">')).toBeNull();
    expect(t.push('  Two   lines')).toBeNull();
    expect(t.push('</title></head>')).toBe('Two lines');
    expect(t.push('<title>second</title>')).toBeNull();
    expect(t.title).toBe('Two lines');
  });

  it('gives up after the head limit so a huge body costs no memory', () => {
    const t = new TitleFinder();
    t.push('x'.repeat(TITLE_HEAD_LIMIT + 10));
    expect(t.push('<title>late</title>')).toBeNull();
    expect(t.title).toBeNull();
  });
});

describe('cleanTitle', () => {
  it('decodes entities and keeps it on one line', () => {
    expect(cleanTitle('Tom &amp; Jerry &lt;3 &#65;&#x42; &quot;q&quot; &bogus;')).toBe('Tom & Jerry <3 AB "q" &bogus;');
    expect(cleanTitle('\n  a \t b\n')).toBe('a b');
  });

  it('removes terminal control sequences a page could put in its title', () => {
    expect(cleanTitle('ok\x1b[2Jgone\x07')).toBe('okgone');
    expect(cleanTitle('&#27;[31mred')).toBe('red');
    expect(cleanTitle('\x1b]0;pwned\x07Evil \x1b[2J title')).toBe('Evil title');
  });
});
