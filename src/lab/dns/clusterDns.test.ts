import { describe, expect, it } from 'vitest';
import * as dnsPacket from 'dns-packet';
import { ObjectStore } from '../store/objectStore.js';
import { answerQuery } from './clusterDns.js';

function store() {
  const s = new ObjectStore();
  s.create('services', { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { clusterIP: '10.96.0.1', ports: [{ port: 443 }] } });
  s.create('services', { metadata: { name: 'backend', namespace: 'default' }, spec: { clusterIP: '10.96.0.11', ports: [{ port: 8080 }] } });
  s.create('services', { metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ port: 5432 }] } });
  s.create('endpointslices', {
    metadata: { name: 'db-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'db' } },
    endpoints: [{ addresses: ['10.244.1.3'], conditions: { ready: true } }, { addresses: ['10.244.1.9'], conditions: { ready: false } }],
  });
  return s;
}

function ask(name: string, type: string) {
  const q = dnsPacket.encode({ type: 'query', id: 42, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name } as dnsPacket.Question] });
  return dnsPacket.decode(answerQuery(store(), q)) as unknown as dnsPacket.Packet & { rcode: string };
}

describe('cluster DNS', () => {
  it('answers a Service name with its ClusterIP, authoritatively, echoing id and question', () => {
    const r = ask('backend.default.svc.cluster.local', 'A');
    expect(r.id).toBe(42);
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers?.map((a) => (a as { data: string }).data)).toEqual(['10.96.0.11']);
    expect(r.questions?.[0]?.name).toBe('backend.default.svc.cluster.local');
  });

  it('answers a headless Service with its ready endpoints only', () => {
    expect(ask('db.default.svc.cluster.local', 'A').answers?.map((a) => (a as { data: string }).data)).toEqual(['10.244.1.3']);
  });

  it('says NXDOMAIN with the zone SOA for unknown names in the zone (what the search path walks through)', () => {
    const r = ask('kubernetes.default.default.svc.cluster.local', 'A');
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.authorities?.[0]?.type).toBe('SOA');
  });

  it('answers AAAA for an existing name with no records (NOERROR, no answers)', () => {
    const r = ask('backend.default.svc.cluster.local', 'AAAA');
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers).toEqual([]);
  });

  it('gives PTR for Service IPs but not for pod IPs, as the tutorial says', () => {
    const svc = ask('11.0.96.10.in-addr.arpa', 'PTR');
    expect(svc.answers?.map((a) => (a as { data: string }).data)).toEqual(['backend.default.svc.cluster.local']);
    expect(ask('3.1.244.10.in-addr.arpa', 'PTR').rcode).toBe('NXDOMAIN');
  });

  it('a namespace level name exists only for a namespace that exists', () => {
    const s = store();
    s.create('namespaces', { metadata: { name: 'default' } });
    const q = (name: string) => dnsPacket.decode(answerQuery(s, dnsPacket.encode({ type: 'query', id: 1, questions: [{ type: 'A', name } as dnsPacket.Question] }))) as unknown as { rcode: string };
    expect(q('default.svc.cluster.local').rcode).toBe('NOERROR');
    expect(q('nosuch.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it('answers dashed pod names', () => {
    expect(ask('10-244-1-3.default.pod.cluster.local', 'A').answers?.map((a) => (a as { data: string }).data)).toEqual(['10.244.1.3']);
  });

  it('has no upstream: names outside the cluster fail (SERVFAIL), as CoreDNS without a reachable forwarder', () => {
    expect(ask('example.com', 'A').rcode).toBe('SERVFAIL');
  });
});
