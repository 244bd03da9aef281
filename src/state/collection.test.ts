import { describe, expect, it } from 'vitest';
import { applyChanges, comparePodKeys, compareStrings, emptyCollection } from './collection.js';

interface Item { key: string; v: number }
const apply = (c: ReturnType<typeof emptyCollection<Item>>, upserts: Item[], deleted: string[] = []) =>
  applyChanges(c, { upserts, deleted }, (i) => i.key, (a, b) => a.v === b.v, compareStrings);

describe('applyChanges', () => {
  it('keeps keys sorted as items arrive in any order', () => {
    const c = apply(emptyCollection<Item>(), [{ key: 'c', v: 1 }, { key: 'a', v: 1 }]);
    expect(apply(c, [{ key: 'b', v: 1 }, { key: 'd', v: 1 }]).order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('returns the same collection when nothing changed (same versions)', () => {
    const c = apply(emptyCollection<Item>(), [{ key: 'a', v: 1 }]);
    expect(apply(c, [{ key: 'a', v: 1 }], ['missing'])).toBe(c);
  });

  it('an update keeps the order array; a delete and re-add of one key in one batch too', () => {
    const c = apply(emptyCollection<Item>(), [{ key: 'a', v: 1 }, { key: 'b', v: 1 }]);
    const u = apply(c, [{ key: 'a', v: 2 }]);
    expect(u.order).toBe(c.order);
    expect(u.byKey.get('a')!.v).toBe(2);
    const r = apply(c, [{ key: 'b', v: 3 }], ['b']);
    expect(r.order).toEqual(['a', 'b']);
    expect(r.byKey.get('b')!.v).toBe(3);
  });

  it('deletes', () => {
    const c = apply(emptyCollection<Item>(), [{ key: 'a', v: 1 }, { key: 'b', v: 1 }]);
    expect(apply(c, [], ['a']).order).toEqual(['b']);
  });
});

describe('comparePodKeys', () => {
  it('orders by namespace, then name (kubectl get pods -A), not by the raw string', () => {
    const keys = ['a-b/x', 'a/z', 'a/y', 'b/a'];
    expect([...keys].sort(comparePodKeys)).toEqual(['a/y', 'a/z', 'a-b/x', 'b/a']);
  });
});
