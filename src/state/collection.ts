// A keyed, sorted, immutable collection (pods by "namespace/name", nodes by name) that applies
// watch batches in O(n + k log k): no full re-sort, maps copied only when something changed.

export interface Collection<T> {
  byKey: ReadonlyMap<string, T>;
  /** Keys in display order. */
  order: readonly string[];
}

export const emptyCollection = <T>(): Collection<T> => ({ byKey: new Map(), order: [] });

export interface Changes<T> {
  upserts: readonly T[];
  deleted: readonly string[];
}

export function applyChanges<T>(
  c: Collection<T>,
  changes: Changes<T>,
  keyOf: (item: T) => string,
  same: (a: T, b: T) => boolean,
  compare: (a: string, b: string) => number,
): Collection<T> {
  let byKey: Map<string, T> | undefined;
  const removed = new Set<string>();
  for (const key of changes.deleted) {
    if (!(byKey ?? c.byKey).has(key)) continue;
    byKey ??= new Map(c.byKey);
    byKey.delete(key);
    removed.add(key);
  }
  const added: string[] = [];
  for (const item of changes.upserts) {
    const key = keyOf(item);
    const prev = (byKey ?? c.byKey).get(key);
    if (prev !== undefined && same(prev, item)) continue;
    byKey ??= new Map(c.byKey);
    byKey.set(key, item);
    if (prev === undefined) {
      if (removed.has(key)) removed.delete(key);
      else added.push(key);
    }
  }
  if (!byKey) return c;
  let order = c.order;
  if (removed.size > 0) order = order.filter((k) => !removed.has(k));
  if (added.length > 0) order = mergeSorted(order, added.sort(compare), compare);
  return { byKey, order };
}

function mergeSorted(a: readonly string[], b: readonly string[], compare: (x: string, y: string) => number): string[] {
  const out: string[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "namespace/name" keys by namespace, then name (as kubectl sorts `get pods -A`): the same as
 * comparing the strings with '/' ranked below every character that names may hold. */
export function comparePodKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x === 47) x = 0;
    if (y === 47) y = 0;
    return x - y;
  }
  return a.length - b.length;
}
