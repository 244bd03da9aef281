// Services and EndpointSlices as a real kube-apiserver v1.24 sends them (testdata/*-podnet-demo.list.json,
// copied from ../shared/k8s-reference/list/{services,endpointslices}-ns-podnet-demo.json).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { endpointSliceView, serviceView, type EndpointSliceJson, type ServiceJson } from './serviceView.js';

const data = (f: string) => JSON.parse(readFileSync(new URL(`./testdata/${f}`, import.meta.url), 'utf8'));

describe('serviceView / endpointSliceView', () => {
  it('keeps type, ClusterIP, selector and ports; a named targetPort stays a name', () => {
    const [web] = data('services-podnet-demo.list.json').items as ServiceJson[];
    expect(serviceView(web!)).toEqual({
      key: 'podnet-demo/web', uid: '9afcd3ff-8882-4ddb-b060-0ce1fe438b38', namespace: 'podnet-demo', name: 'web', resourceVersion: '213',
      type: 'ClusterIP', clusterIP: '10.97.216.64', selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: undefined }],
    });
  });

  it('a slice: its Service from the label, each endpoint\'s addresses, readiness and pod', () => {
    const [slice] = data('endpointslices-podnet-demo.list.json').items as EndpointSliceJson[];
    const v = endpointSliceView(slice!);
    expect(v).toMatchObject({ key: 'podnet-demo/web-x7k2p', service: 'web' });
    expect(v.endpoints).toEqual([
      { addresses: ['10.244.0.5'], ready: true, pod: { namespace: 'podnet-demo', name: 'web-1' } },
      { addresses: ['10.244.1.7'], ready: true, pod: { namespace: 'podnet-demo', name: 'web-2' } },
    ]);
  });

  it('ready unset counts as ready, false does not; a Service without selector selects nothing', () => {
    const v = endpointSliceView({ metadata: { name: 's', namespace: 'n' }, endpoints: [{ addresses: ['1.2.3.4'] }, { addresses: ['1.2.3.5'], conditions: { ready: false } }] });
    expect(v.endpoints.map((e) => e.ready)).toEqual([true, false]);
    expect(v.endpoints[0]!.pod).toBeUndefined();
    const kubernetes = JSON.parse(readFileSync(new URL('../../../shared/k8s-reference/get/service-kubernetes-default.json', import.meta.url), 'utf8')) as ServiceJson;
    expect(serviceView(kubernetes).selector).toBeUndefined();
    expect(serviceView({ metadata: { name: 'x', namespace: 'n' }, spec: { selector: {}, ports: [{ port: 80 }] } })).toMatchObject({ selector: undefined, type: 'ClusterIP', ports: [{ targetPort: 80, protocol: 'TCP' }] });
  });

  it('strips terminal control sequences from everything it keeps', () => {
    const v = serviceView({ metadata: { name: 'evil', namespace: 'n' }, spec: { type: 'Node\x1b[2JPort', selector: { app: 'x\x1b]0;pwned\x07' }, ports: [{ name: 'h\x1b[31m', port: 80, targetPort: 'ht\x9btp' }] } });
    expect(JSON.stringify(v)).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(v.type).toBe('NodePort');
  });
});
