import { describe, expect, it } from 'vitest';
import { initialPods, reducePods, IP_CHANGE_MS, type PodsState } from './pods.js';
import { NOW, pod } from '../../../test/ui/fixtures.js';
import type { PodView } from '../model.js';

const changed = (s: PodsState, upserts: PodView[], deleted: PodView[] = [], at = NOW) =>
  reducePods(s, { type: 'pods/changed', upserts, deleted: deleted.map((p) => ({ key: p.key, uid: p.uid })), at });

describe('pods slice', () => {
  it('keeps pods in namespace/name order as they arrive in any order', () => {
    const s = changed(initialPods, [pod('web', { namespace: 'b' }), pod('db'), pod('api')]);
    expect(s.order).toEqual(['b/web', 'default/api', 'default/db']);
  });

  it('ignores a delete of an older incarnation (same name, other uid)', () => {
    const s = changed(initialPods, [pod('web', { uid: 'new' })]);
    expect(changed(s, [], [pod('web', { uid: 'old' })]).byKey.get('default/web')!.uid).toBe('new');
  });

  it('a restart (delete, then the new pod Pending, then Running with another IP) highlights the new IP with the old one', () => {
    let s = changed(initialPods, [pod('web', { uid: 'u1', ip: '10.244.0.4' })]);
    s = changed(s, [], [pod('web', { uid: 'u1' })], NOW + 1000);
    expect(s.order).toEqual([]);
    s = changed(s, [pod('web', { uid: 'u2', ip: '', status: 'ContainerCreating' })], [], NOW + 1100);
    expect(s.ipChanges.size).toBe(0);
    s = changed(s, [pod('web', { uid: 'u2', ip: '10.244.0.9', resourceVersion: '2' })], [], NOW + 2000);
    expect(s.ipChanges.get('default/web')).toEqual({ from: '10.244.0.4', to: '10.244.0.9', at: NOW + 2000 });
    expect(s.departed.size).toBe(0);
  });

  it('a restart seen in one batch (delete and the new pod together) is highlighted too', () => {
    let s = changed(initialPods, [pod('web', { uid: 'u1', ip: '10.244.0.4' })]);
    s = changed(s, [pod('web', { uid: 'u2', ip: '10.244.0.9' })], [pod('web', { uid: 'u1' })]);
    expect(s.ipChanges.get('default/web')).toMatchObject({ from: '10.244.0.4', to: '10.244.0.9' });
    expect(s.order).toEqual(['default/web']);
  });

  it('forgets highlights after a while (on the clock)', () => {
    let s = changed(initialPods, [pod('web', { ip: '10.244.0.4' })]);
    s = changed(s, [pod('web', { ip: '10.244.0.5', resourceVersion: '2' })]);
    expect(reducePods(s, { type: 'clock/ticked', now: NOW + IP_CHANGE_MS - 1 }).ipChanges.size).toBe(1);
    expect(reducePods(s, { type: 'clock/ticked', now: NOW + IP_CHANGE_MS }).ipChanges.size).toBe(0);
  });

  it('the same version again changes nothing (a relist replays every pod)', () => {
    const s = changed(initialPods, [pod('web')]);
    expect(changed(s, [pod('web')])).toBe(s);
  });

  it('starts over when the namespace or the context changes', () => {
    const s = reducePods(changed(initialPods, [pod('web')]), { type: 'namespace/chosen', scope: { all: true } });
    expect(s).toBe(initialPods);
  });
});
