// The lab's etcd and watch cache in one: objects by resource and key, one resourceVersion counter
// for everything, and a bounded history of changes that watches replay from.
import { randomUUID } from 'node:crypto';
import { canonicalMetadata, type KubeObject } from './kubeObject.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  type: ChangeType;
  resource: string;
  object: KubeObject;
  /** The object before this change, so that watches with selectors can tell an object leaving them. */
  previous: KubeObject | undefined;
}

export class StoreError extends Error {
  constructor(
    readonly reason: 'NotFound' | 'AlreadyExists' | 'Conflict',
    message: string,
  ) {
    super(message);
  }
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class ObjectStore {
  private rv: number;
  private readonly tables = new Map<string, Map<string, KubeObject>>();
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly history = new Map<string, Change[]>();
  /** Watches may resume from any version >= the floor of their resource; older ones get 410. */
  private readonly floor = new Map<string, number>();
  private readonly listeners = new Set<(c: Change) => void>();

  constructor(
    startRv = 1,
    private readonly historyLimit = 20_000,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.rv = startRv;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.table(resource).get(objectKey(namespace, name));
  }

  /** Objects in key order (etcd's order), optionally one namespace, starting at a key. */
  list(resource: string, namespace?: string, startKey?: string): KubeObject[] {
    const table = this.table(resource);
    let keys = this.sortedKeys.get(resource);
    if (!keys) {
      keys = [...table.keys()].sort(byteOrder);
      this.sortedKeys.set(resource, keys);
    }
    let from = 0;
    const lower = namespace ? `${namespace}/` : undefined;
    const start = maxKey(lower, startKey);
    if (start) from = lowerBound(keys, start);
    const out: KubeObject[] = [];
    for (let i = from; i < keys.length; i++) {
      const key = keys[i]!;
      if (lower && !key.startsWith(lower)) break;
      out.push(table.get(key)!);
    }
    return out;
  }

  /**
   * The list as it was at `rv`, for continue pages: current objects with every change since `rv`
   * undone from the history. Undefined when that history is no longer kept.
   */
  listAt(resource: string, rv: number, namespace?: string, startKey?: string): KubeObject[] | undefined {
    if (rv >= this.rv) return this.list(resource, namespace, startKey);
    const changes = this.changesSince(resource, rv);
    if (changes === 'expired') return undefined;
    const then = new Map<string, KubeObject | undefined>();
    for (const c of changes) {
      const key = objectKey(c.object.metadata.namespace, c.object.metadata.name!);
      if (!then.has(key)) then.set(key, c.previous);
    }
    const lower = maxKey(namespace ? `${namespace}/` : undefined, startKey);
    const inRange = (key: string) => (!lower || key >= lower) && (!namespace || key.startsWith(`${namespace}/`));
    const out = new Map<string, KubeObject>();
    for (const obj of this.list(resource, namespace, startKey)) out.set(objectKey(obj.metadata.namespace, obj.metadata.name!), obj);
    for (const [key, obj] of then) {
      if (!inRange(key)) continue;
      if (obj) out.set(key, obj);
      else out.delete(key);
    }
    return [...out.keys()].sort(byteOrder).map((k) => out.get(k)!);
  }

  count(resource: string): number {
    return this.table(resource).size;
  }

  create(resource: string, obj: KubeObject): KubeObject {
    const meta = obj.metadata;
    const key = objectKey(meta.namespace, meta.name!);
    const table = this.table(resource);
    if (table.has(key)) throw new StoreError('AlreadyExists', key);
    const rv = ++this.rv;
    const stored: KubeObject = {
      ...obj,
      metadata: canonicalMetadata({
        ...meta,
        uid: meta.uid ?? randomUUID(),
        resourceVersion: String(rv),
        creationTimestamp: meta.creationTimestamp ?? rfc3339(this.clock()),
      }),
    };
    table.set(key, stored);
    this.sortedKeys.delete(resource);
    this.record({ rv, type: 'ADDED', resource, object: stored, previous: undefined });
    return stored;
  }

  /** Replaces an object; with `expectedRv` set, a stale write fails as etcd's compare-and-swap does. */
  update(resource: string, obj: KubeObject, expectedRv?: string): KubeObject {
    const meta = obj.metadata;
    const key = objectKey(meta.namespace, meta.name!);
    const table = this.table(resource);
    const previous = table.get(key);
    if (!previous) throw new StoreError('NotFound', key);
    if (expectedRv && expectedRv !== previous.metadata.resourceVersion) throw new StoreError('Conflict', key);
    const rv = ++this.rv;
    const stored: KubeObject = {
      ...obj,
      metadata: canonicalMetadata({
        ...meta,
        uid: previous.metadata.uid,
        creationTimestamp: previous.metadata.creationTimestamp,
        resourceVersion: String(rv),
      }),
    };
    table.set(key, stored);
    this.record({ rv, type: 'MODIFIED', resource, object: stored, previous });
    return stored;
  }

  remove(resource: string, namespace: string | undefined, name: string): KubeObject {
    const key = objectKey(namespace, name);
    const table = this.table(resource);
    const previous = table.get(key);
    if (!previous) throw new StoreError('NotFound', key);
    table.delete(key);
    this.sortedKeys.delete(resource);
    const rv = ++this.rv;
    // A DELETED event carries the object at the deletion's resourceVersion, as etcd3 watch does.
    const object = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    this.record({ rv, type: 'DELETED', resource, object, previous });
    return object;
  }

  /** Changes after `rv`, or 'expired' when they are no longer kept (the watch must relist). */
  changesSince(resource: string, rv: number): Change[] | 'expired' {
    if (rv < (this.floor.get(resource) ?? 0)) return 'expired';
    const list = this.history.get(resource) ?? [];
    const from = lowerBoundBy(list, rv + 1);
    return list.slice(from);
  }

  /** The version below which watches are refused, for the 410 message ("too old resource version: 1 (244)"). */
  oldestKept(resource: string): number {
    return this.floor.get(resource) ?? 0;
  }

  /** As when the apiserver restarts: its watch cache starts empty at the current version. */
  forgetHistory(): void {
    for (const name of new Set([...this.history.keys(), ...this.tables.keys()])) {
      this.history.set(name, []);
      this.floor.set(name, this.rv);
    }
  }

  subscribe(listener: (c: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(change: Change): void {
    let list = this.history.get(change.resource);
    if (!list) this.history.set(change.resource, (list = []));
    list.push(change);
    if (list.length > this.historyLimit) {
      const dropped = list.splice(0, list.length - this.historyLimit);
      this.floor.set(change.resource, dropped[dropped.length - 1]!.rv);
    }
    for (const l of this.listeners) l(change);
  }

  private table(resource: string): Map<string, KubeObject> {
    let t = this.tables.get(resource);
    if (!t) this.tables.set(resource, (t = new Map()));
    return t;
  }
}

export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function maxKey(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundBy(list: Change[], rv: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.rv < rv) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
