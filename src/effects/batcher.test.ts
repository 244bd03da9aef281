import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatcher, type Batch } from './batcher.js';

interface Ev { id: string; v: number }

describe('createBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = () => {
    const batches: Batch<Ev>[] = [];
    const b = createBatcher<Ev>({ delayMs: 100, quietMs: 15, idOf: (e) => e.id, onBatch: (x) => batches.push(x), now: () => Date.now() });
    return { b, batches };
  };

  it('a storm becomes one action per 100 ms, with the last change per id', () => {
    const { b, batches } = make();
    b.upsert({ id: 'a', v: 1 });
    vi.advanceTimersByTime(15);
    expect(batches).toHaveLength(1); // the first change after a quiet spell goes out at once
    for (let i = 0; i < 50; i++) b.upsert({ id: i % 2 ? 'a' : 'b', v: i });
    b.delete({ id: 'c', v: 0 });
    vi.advanceTimersByTime(99);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.upserts).toEqual([{ id: 'b', v: 48 }, { id: 'a', v: 49 }]);
    expect(batches[1]!.deletes).toEqual([{ id: 'c', v: 0 }]);
  });

  it('a delete after an update of the same id wins', () => {
    const { b, batches } = make();
    b.upsert({ id: 'a', v: 1 });
    b.delete({ id: 'a', v: 1 });
    b.flush();
    expect(batches[0]).toEqual({ upserts: [], deletes: [{ id: 'a', v: 1 }] });
  });

  it('flush hands out what is pending now; cancel drops it', () => {
    const { b, batches } = make();
    b.upsert({ id: 'a', v: 1 });
    b.flush();
    b.upsert({ id: 'b', v: 1 });
    b.cancel();
    vi.advanceTimersByTime(1000);
    expect(batches).toEqual([{ upserts: [{ id: 'a', v: 1 }], deletes: [] }]);
  });
});
