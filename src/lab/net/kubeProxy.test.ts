import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../store/objectStore.js';
import { iptablesRules, servicePortRules } from './kubeProxy.js';

function store() {
  const s = new ObjectStore();
  s.create('services', {
    metadata: { name: 'web', namespace: 'default' },
    spec: { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] },
  });
  s.create('services', { metadata: { name: 'empty', namespace: 'default' }, spec: { clusterIP: '10.96.0.21', ports: [{ port: 81, protocol: 'TCP' }] } });
  s.create('services', { metadata: { name: 'headless', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ port: 82 }] } });
  s.create('endpointslices', {
    metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['10.244.0.5'], conditions: { ready: true }, targetRef: { namespace: 'default', name: 'a' } },
      { addresses: ['10.244.1.6'], conditions: { ready: true }, targetRef: { namespace: 'default', name: 'b' } },
      { addresses: ['10.244.1.7'], conditions: { ready: false }, targetRef: { namespace: 'default', name: 'c' } },
    ],
  });
  return s;
}

describe('kube-proxy rules', () => {
  it('maps each Service port to its ready endpoints at the target port; headless Services get none', () => {
    const rules = servicePortRules(store());
    expect(rules.map((r) => [r.clusterIP, r.port, r.backends.map((b) => `${b.ip}:${b.port}`)])).toEqual([
      ['10.96.0.21', 81, []],
      ['10.96.0.20', 80, ['10.244.0.5:8080', '10.244.1.6:8080']],
    ]);
    expect(rules[1]!.nodePort).toBe(30080);
  });

  it('spreads across endpoints as kube-proxy does (1/n, then the rest), masquerades DNATed traffic, rejects empty Services', () => {
    const text = iptablesRules(servicePortRules(store()));
    expect(text).toContain('-A PODNET-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 10.244.0.5:8080');
    expect(text).toContain('-A PODNET-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.6:8080');
    expect(text).toContain('-A POSTROUTING -m conntrack --ctstate DNAT -j MASQUERADE');
    expect(text).toContain('-A FORWARD -d 10.96.0.21/32 -p tcp -m tcp --dport 81 -j REJECT --reject-with icmp-port-unreachable');
    expect(text.match(/^COMMIT$/gm)).toHaveLength(2);
  });
});
