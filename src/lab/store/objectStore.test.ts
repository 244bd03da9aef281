import { describe, expect, it } from 'vitest';
import { ObjectStore, StoreError } from './objectStore.js';

const pod = (ns: string, name: string, labels: Record<string, string> = {}) => ({ metadata: { name, namespace: ns, labels } });

describe('ObjectStore', () => {
  it('assigns increasing resourceVersions, uids and timestamps, in Go metadata field order', () => {
    const s = new ObjectStore(100, 10, () => new Date('2026-11-24T08:00:00.123Z'));
    const a = s.create('pods', pod('default', 'a'));
    const b = s.create('pods', pod('default', 'b'));
    expect(Number(b.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
    expect(Object.keys(a.metadata)).toEqual(['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'labels'].filter((k) => k !== 'labels'));
    expect(a.metadata.creationTimestamp).toBe('2026-11-24T08:00:00Z');
  });

  it('lists in etcd key order, per namespace, from a start key', () => {
    const s = new ObjectStore();
    for (const [ns, n] of [['b', 'x'], ['a', 'z'], ['a', 'y'], ['ab', 'w']]) s.create('pods', pod(ns!, n!));
    expect(s.list('pods').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['a/y', 'a/z', 'ab/w', 'b/x']);
    expect(s.list('pods', 'a').map((o) => o.metadata.name)).toEqual(['y', 'z']);
    expect(s.list('pods', undefined, 'a/y\u0000').map((o) => o.metadata.name)).toEqual(['z', 'w', 'x']);
  });

  it('refuses duplicates and stale updates as etcd compare-and-swap does', () => {
    const s = new ObjectStore();
    const a = s.create('pods', pod('default', 'a'));
    expect(() => s.create('pods', pod('default', 'a'))).toThrow(StoreError);
    s.update('pods', { ...a, spec: { x: 1 } }, a.metadata.resourceVersion);
    expect(() => s.update('pods', { ...a, spec: { x: 2 } }, a.metadata.resourceVersion)).toThrowError(/default\/a/);
  });

  it('replays changes after a version, and answers expired once they are no longer kept', () => {
    const s = new ObjectStore(1, 3);
    const a = s.create('pods', pod('default', 'a')); // rv 2
    s.update('pods', a); // 3
    s.update('pods', a); // 4
    const since = s.changesSince('pods', 2);
    expect(since).not.toBe('expired');
    expect((since as { rv: number }[]).map((c) => c.rv)).toEqual([3, 4]);
    s.remove('pods', 'default', 'a'); // 5, evicts rv 2
    expect(s.changesSince('pods', 1)).toBe('expired');
    expect((s.changesSince('pods', 2) as { type: string }[]).map((c) => c.type)).toEqual(['MODIFIED', 'MODIFIED', 'DELETED']);
  });

  it('forgets history like a restarted apiserver: older versions expire, the current one does not', () => {
    const s = new ObjectStore();
    s.create('pods', pod('default', 'a'));
    const rv = s.resourceVersion;
    s.forgetHistory();
    expect(s.changesSince('pods', rv - 1)).toBe('expired');
    expect(s.changesSince('pods', rv)).toEqual([]);
  });

  it('tells listeners about every change with the previous object', () => {
    const s = new ObjectStore();
    const seen: string[] = [];
    s.subscribe((c) => seen.push(`${c.type}:${c.previous?.metadata.resourceVersion ?? '-'}`));
    const a = s.create('pods', pod('default', 'a'));
    s.update('pods', a);
    s.remove('pods', 'default', 'a');
    expect(seen).toEqual(['ADDED:-', `MODIFIED:${a.metadata.resourceVersion}`, `DELETED:${Number(a.metadata.resourceVersion) + 1}`]);
  });
});
