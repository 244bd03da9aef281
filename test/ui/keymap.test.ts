import { describe, expect, it } from 'vitest';
import { activeScopes, keymap, resolveKey, type Scope } from '../../src/ui/keymap.js';
import { handlers } from '../../src/ui/commands.js';

describe('keymap: one table for dispatch, help and footer', () => {
  it('no key is bound twice in one scope', () => {
    const seen = new Set<string>();
    for (const b of keymap) {
      for (const k of b.keys) {
        const id = `${b.scope}:${k}`;
        expect(seen.has(id), `${k} bound twice in ${b.scope}`).toBe(false);
        seen.add(id);
      }
    }
  });

  it('every command has help text and a handler, and every handler is bound', () => {
    for (const b of keymap) {
      expect(b.help.length, b.command).toBeGreaterThan(2);
      expect(handlers[b.command], b.command).toBeTypeOf('function');
    }
    expect(Object.keys(handlers).sort()).toEqual([...new Set(keymap.map((b) => b.command))].sort());
  });

  it('k9s keys where meanings overlap', () => {
    const pods: Scope[] = activeScopes({ pane: 'pods', overlay: 'none', prompt: false });
    const cmd = (k: string) => resolveKey(k, pods, false)?.command;
    expect([cmd('?'), cmd('/'), cmd(':'), cmd('0'), cmd('d'), cmd('j'), cmd('k'), cmd('g'), cmd('G'), cmd('ctrl-f'), cmd('ctrl-b'), cmd('esc')]).toEqual([
      'app.help', 'prompt.filter', 'prompt.command', 'namespace.all', 'pod.describe', 'cursor.down', 'cursor.up', 'cursor.first', 'cursor.last',
      'cursor.pageDown', 'cursor.pageUp', 'filter.clear',
    ]);
  });

  it('the most specific scope wins: q closes an overlay, and quits from a pane', () => {
    expect(resolveKey('q', activeScopes({ pane: 'pods', overlay: 'help', prompt: false }), false)?.command).toBe('help.close');
    expect(resolveKey('q', activeScopes({ pane: 'pods', overlay: 'describe', prompt: false }), false)?.command).toBe('describe.close');
    expect(resolveKey('q', activeScopes({ pane: 'pods', overlay: 'none', prompt: false }), false)?.command).toBe('app.quit');
  });

  it('while the prompt is open, letters are text, not commands', () => {
    expect(resolveKey('q', activeScopes({ pane: 'pods', overlay: 'none', prompt: true }), false)).toBeUndefined();
    expect(resolveKey('enter', activeScopes({ pane: 'pods', overlay: 'none', prompt: true }), false)?.command).toBe('prompt.submit');
  });
});

describe('the README keeps up with the keymap', () => {
  it('every key of the panes and of everywhere is in the README\'s table', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## The explorer'), readme.indexOf('## The lab'));
    const missing = keymap
      .filter((b) => b.scope === 'global' || b.scope === 'list' || b.scope === 'pods')
      .flatMap((b) => b.keys.filter((k) => !section.includes(`\`${k}\``)).map((k) => `${k} (${b.command})`));
    expect(missing).toEqual([]);
  });
});
