// servicesFronting against a real apiserver's objects (podnet-demo: Service web with a named
// targetPort, its EndpointSlice with web-1 and web-2 ready, pending-1 selected but not an endpoint).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { initialState, reducer, type AppState } from './reducer.js';
import { inNamespace, type PodView } from './model.js';
import type { Action } from './actions.js';
import { podView, type PodJson } from '../kube/toView.js';
import { endpointSliceView, serviceView, type EndpointSliceJson, type ServiceJson } from '../kube/serviceView.js';
import { serviceUrls, servicesFronting, servicesSubject } from './servicesSelectors.js';

const data = (f: string) => JSON.parse(readFileSync(new URL(`../kube/testdata/${f}`, import.meta.url), 'utf8'));
const pods = (data('pods-podnet-demo.list.json').items as PodJson[]).map(podView);
const services = (data('services-podnet-demo.list.json').items as ServiceJson[]).map(serviceView);
const slices = (data('endpointslices-podnet-demo.list.json').items as EndpointSliceJson[]).map(endpointSliceView);

function state(extra: Action[] = [], p: PodView[] = pods): AppState {
  let s = initialState({ context: 'lab', scope: inNamespace('podnet-demo'), readonly: false, now: 0 });
  for (const a of [
    { type: 'pods/changed', upserts: p, deleted: [], at: 0 },
    { type: 'services/changed', upserts: services, deleted: [] },
    { type: 'endpointSlices/changed', upserts: slices, deleted: [] },
    ...extra,
  ] as Action[]) s = reducer(s, a);
  return s;
}
const ref = (name: string) => ({ namespace: 'podnet-demo', name });

describe('servicesFronting', () => {
  it('a ready endpoint pod: the Service, its named targetPort resolved from the pod\'s container ports', () => {
    expect(servicesFronting(state(), ref('web-1'))).toEqual([{
      key: 'podnet-demo/web', name: 'web', namespace: 'podnet-demo', type: 'ClusterIP', clusterIP: '10.97.216.64',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80, targetPortName: 'http', nodePort: null }],
      ready: true, listed: true,
    }]);
  });

  it('a pod the selector matches but the slices do not list is fronted, not a ready endpoint', () => {
    expect(servicesFronting(state(), ref('pending-1'))).toMatchObject([{ name: 'web', ready: false, listed: false }]);
  });

  it('a pod whose labels the selector does not match, or an unknown pod: none', () => {
    expect(servicesFronting(state(), ref('debug'))).toEqual([]);
    expect(servicesFronting(state(), ref('nope'))).toEqual([]);
  });

  it('readiness comes from the slices: ready false there is not ready', () => {
    const notReady = { ...slices[0]!, endpoints: slices[0]!.endpoints.map((e) => ({ ...e, ready: e.pod?.name !== 'web-2' })) };
    const s = state([{ type: 'endpointSlices/changed', upserts: [notReady], deleted: [] }]);
    expect(servicesFronting(s, ref('web-2'))).toMatchObject([{ ready: false, listed: true }]);
    expect(servicesFronting(s, ref('web-1'))).toMatchObject([{ ready: true }]);
  });

  it('an endpoint without targetRef is matched by the pod\'s IP; a slice deleted takes readiness with it', () => {
    const byIP = { ...slices[0]!, endpoints: slices[0]!.endpoints.map((e) => ({ ...e, pod: undefined })) };
    expect(servicesFronting(state([{ type: 'endpointSlices/changed', upserts: [byIP], deleted: [] }]), ref('web-2'))).toMatchObject([{ ready: true }]);
    expect(servicesFronting(state([{ type: 'endpointSlices/changed', upserts: [], deleted: [slices[0]!.key] }]), ref('web-2'))).toMatchObject([{ ready: false, listed: false }]);
  });

  it('every label of the selector must match; other namespaces do not count; a numeric or unknown named targetPort', () => {
    const two = { ...services[0]!, key: 'podnet-demo/two', name: 'two', selector: { app: 'web', tier: 'x' } };
    const elsewhere = { ...services[0]!, key: 'other/web', namespace: 'other' };
    const named = { ...services[0]!, key: 'podnet-demo/named', name: 'named', ports: [
      { name: 'a', port: 8080, protocol: 'TCP', targetPort: 'metrics', nodePort: 30001 },
      { name: 'b', port: 81, protocol: 'TCP', targetPort: 9000, nodePort: undefined },
      { name: 'c', port: 82, protocol: 'UDP', targetPort: 'http', nodePort: undefined },
    ] };
    const s = state([{ type: 'services/changed', upserts: [two, elsewhere, named], deleted: [] }]);
    const got = servicesFronting(s, ref('web-1'));
    expect(got.map((x) => x.name)).toEqual(['named', 'web']);
    // "http" is a TCP port of the pod, not a UDP one.
    expect(got[0]!.ports.map((p) => [p.targetPort, p.nodePort])).toEqual([[null, 30001], [9000, null], [null, null]]);
  });
});

describe('the pane\'s pod and URLs', () => {
  it('the target mark wins; without one, the pod under the cursor', () => {
    let s = state();
    expect(servicesSubject(s)).toMatchObject({ pod: { name: pods[0]!.name }, why: 'selected' });
    s = reducer(s, { type: 'mark/targetToggled', ref: ref('web-2') });
    expect(servicesSubject(s)).toMatchObject({ pod: { name: 'web-2' }, why: 'target' });
  });

  it('ClusterIP from inside, NodePort on every node\'s InternalIP', () => {
    const svc = { ...servicesFronting(state(), ref('web-1'))[0]!, type: 'NodePort' };
    svc.ports = [{ ...svc.ports[0]!, nodePort: 30080 }];
    expect(serviceUrls(svc, ['127.0.10.1', '127.0.10.2'])).toEqual({
      inside: ['http://10.97.216.64:80'], nodes: ['http://127.0.10.1:30080', 'http://127.0.10.2:30080'],
    });
    expect(serviceUrls({ ...svc, clusterIP: 'None' }, [])).toEqual({ inside: [], nodes: [] });
  });
});
