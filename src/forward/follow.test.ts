import { describe, expect, it } from 'vitest';
import { chooseEndpoint, choosePod, identityLabels, resolveTargetPort, type PodInfo } from './follow';
import { podInfo, sliceInfo } from './views';

const pod = (name: string, o: Partial<PodInfo> = {}): PodInfo => ({
  name, uid: `uid-${name}`, ip: `10.0.0.${name.length}`, labels: { app: 'web' }, ready: true, phase: 'Running', ports: [{ name: 'http', port: 8080 }], ...o,
});

describe('choosePod', () => {
  it('keeps the current pod while it is ready, else the named one, else a twin with the same labels', () => {
    const labels = { app: 'web' };
    expect(choosePod([pod('a'), pod('b')], 'a', labels, null)?.name).toBe('a');
    expect(choosePod([pod('a'), pod('b')], 'a', labels, 'b')?.name).toBe('b');
    expect(choosePod([pod('a', { ready: false }), pod('b')], 'a', labels, 'a')?.name).toBe('b');
    expect(choosePod([pod('a', { ready: false })], 'a', labels, 'a')).toBeNull();
  });
  it('does not take a pod whose labels differ, nor a twin of a pod without labels', () => {
    expect(choosePod([pod('b', { labels: { app: 'web', extra: '1' } })], 'a', { app: 'web' }, null)).toBeNull();
    expect(choosePod([pod('b', { labels: {} })], 'a', {}, null)).toBeNull();
  });
  it('ignores the labels a controller sets per revision', () => {
    expect(identityLabels({ app: 'web', 'pod-template-hash': 'abc' })).toEqual({ app: 'web' });
    const twin = pod('web-2', { labels: { app: 'web', 'pod-template-hash': 'def' } });
    expect(choosePod([twin], 'web-1', identityLabels({ app: 'web', 'pod-template-hash': 'abc' }), null)?.name).toBe('web-2');
  });
});

describe('Service endpoints', () => {
  it('resolves named, numeric and absent targetPorts', () => {
    expect(resolveTargetPort({ name: '', port: 80, targetPort: 'http' }, pod('a'))).toBe(8080);
    expect(resolveTargetPort({ name: '', port: 80, targetPort: 9000 }, pod('a'))).toBe(9000);
    expect(resolveTargetPort({ name: '', port: 80, targetPort: undefined }, pod('a'))).toBe(80);
    expect(resolveTargetPort({ name: '', port: 80, targetPort: 'grpc' }, pod('a'))).toBe('pod a has no container port named "grpc"');
  });
  it('takes a ready endpoint, sticks to the current one, and skips pods without the named port', () => {
    const pods = new Map([pod('a'), pod('b'), pod('c', { ports: [] })].map((p) => [p.name, p]));
    const svcPort = { name: 'web', port: 80, targetPort: 'http' };
    expect(chooseEndpoint(svcPort, [{ pod: 'a', ready: true }, { pod: 'b', ready: true }], pods, null)).toMatchObject({ pod: { name: 'a' }, port: 8080 });
    expect(chooseEndpoint(svcPort, [{ pod: 'a', ready: true }, { pod: 'b', ready: true }], pods, 'b')?.pod.name).toBe('b');
    expect(chooseEndpoint(svcPort, [{ pod: 'a', ready: false }, { pod: 'b', ready: true }], pods, 'a')?.pod.name).toBe('b');
    expect(chooseEndpoint(svcPort, [{ pod: 'c', ready: true }], pods, null)).toBeNull();
  });
});

describe('views', () => {
  it('reads readiness as the API says it', () => {
    const base = { metadata: { name: 'p', uid: 'u' }, status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(podInfo(base).ready).toBe(true);
    expect(podInfo({ ...base, status: { ...base.status, conditions: [{ type: 'Ready', status: 'False' }] } }).ready).toBe(false);
    expect(podInfo({ ...base, metadata: { ...base.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } })).toMatchObject({ ready: false, phase: 'Terminating' });
    expect(podInfo({ ...base, status: { phase: 'Pending' } }).ready).toBe(false);
    expect(sliceInfo({ metadata: { name: 's', labels: { 'kubernetes.io/service-name': 'svc' } }, endpoints: [
      { conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'a' } }, { conditions: {}, targetRef: { kind: 'Pod', name: 'b' } },
      { conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'c' } }, { targetRef: null },
    ] })).toEqual({ name: 's', service: 'svc', endpoints: [{ pod: 'a', ready: true }, { pod: 'b', ready: true }, { pod: 'c', ready: false }] });
  });
});
