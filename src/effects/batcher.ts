// Watch events arrive one by one (a storm is 1,000 a second); the store gets them in batches:
// everything seen in `delayMs` becomes one action, keeping only the last change per id. After a
// quiet spell the first change waits only `quietMs`, so a lone update shows at once.

export interface Batch<V> {
  upserts: V[];
  deletes: V[];
}

export interface Batcher<V> {
  upsert: (v: V) => void;
  delete: (v: V) => void;
  /** Hands out what is pending now (a list page should not wait). */
  flush: () => void;
  cancel: () => void;
}

export function createBatcher<V>(o: {
  delayMs: number;
  quietMs?: number;
  idOf: (v: V) => string;
  onBatch: (b: Batch<V>) => void;
  now?: () => number;
}): Batcher<V> {
  const now = o.now ?? Date.now;
  let pending = new Map<string, { deleted: boolean; v: V }>();
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = -Infinity;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    lastFlush = now();
    if (pending.size === 0) return;
    const batch: Batch<V> = { upserts: [], deletes: [] };
    for (const { deleted, v } of pending.values()) (deleted ? batch.deletes : batch.upserts).push(v);
    pending = new Map();
    o.onBatch(batch);
  };
  const add = (v: V, deleted: boolean) => {
    const id = o.idOf(v);
    pending.delete(id); // re-insert, so the batch keeps the order of the last changes
    pending.set(id, { deleted, v });
    timer ??= setTimeout(flush, now() - lastFlush >= o.delayMs ? (o.quietMs ?? o.delayMs) : o.delayMs);
  };
  return {
    upsert: (v) => add(v, false),
    delete: (v) => add(v, true),
    flush,
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = new Map();
    },
  };
}
