// The cluster DNS as CoreDNS's kubernetes plugin answers it: Services by name (ClusterIP, or the
// ready pod IPs of a headless one), pods by dashed IP, PTR for Service IPs (pod IPs get none),
// NXDOMAIN with the zone's SOA for unknown names, SERVFAIL outside the cluster (no upstream).
import * as dnsPacket from 'dns-packet';
import type { ObjectStore } from '../store/objectStore.js';

const ZONE = 'cluster.local';
const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3 } as const;
const TTL = 5;

type Json = Record<string, unknown>;

export function answerQuery(store: ObjectStore, query: Buffer): Buffer {
  let q: dnsPacket.Packet;
  try {
    q = dnsPacket.decode(query);
  } catch {
    return Buffer.alloc(0);
  }
  const question = q.questions?.[0];
  // dns-packet encodes the rcode from the low bits of flags; its `rcode` field is read-only.
  const reply = (rcode: keyof typeof RCODES, answers: dnsPacket.Answer[] = [], authority: dnsPacket.Answer[] = []) =>
    dnsPacket.encode({
      type: 'response', id: q.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | ((q.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | RCODES[rcode],
      questions: q.questions, answers, authorities: authority,
    } as dnsPacket.Packet);
  if (!question) return reply('FORMERR');
  const name = question.name.toLowerCase().replace(/\.$/, '');
  if (question.type === 'PTR') return ptr(store, name, reply);
  if (!name.endsWith(ZONE)) return reply('SERVFAIL');
  const ips = resolve(store, name);
  if (ips === undefined) return reply('NXDOMAIN', [], [soa()]);
  if (question.type !== 'A' || ips.length === 0) return reply('NOERROR', [], [soa()]);
  return reply('NOERROR', ips.map((ip) => ({ type: 'A', name: question.name, ttl: TTL, class: 'IN', data: ip }) as dnsPacket.Answer));
}

/** The A records of a cluster name, [] for a name that exists without them, undefined for none. */
function resolve(store: ObjectStore, name: string): string[] | undefined {
  const labels = name.slice(0, -ZONE.length - 1).split('.');
  if (labels.length === 3 && labels[2] === 'svc') {
    const svc = store.get('services', labels[1], labels[0]!);
    if (!svc) return undefined;
    const spec = svc.spec as Json;
    if (spec.clusterIP !== 'None') return [String(spec.clusterIP)];
    return store
      .list('endpointslices', labels[1])
      .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === labels[0])
      .flatMap((s) => ((s.endpoints as Json[]) ?? []).filter((e) => (e.conditions as Json)?.ready).flatMap((e) => e.addresses as string[]));
  }
  if (labels.length === 3 && labels[2] === 'pod' && /^\d+-\d+-\d+-\d+$/.test(labels[0]!)) {
    return [labels[0]!.replace(/-/g, '.')];
  }
  // Intermediate names exist without records: svc.cluster.local, and NS.svc.cluster.local for a
  // namespace that exists (CoreDNS answers NXDOMAIN for one that does not).
  const last = labels[labels.length - 1];
  if (labels.length === 1 && (last === 'svc' || last === 'pod')) return [];
  if (labels.length === 2 && (last === 'svc' || last === 'pod')) return store.get('namespaces', undefined, labels[0]!) ? [] : undefined;
  return undefined;
}

function ptr(store: ObjectStore, name: string, reply: (rcode: keyof typeof RCODES, a?: dnsPacket.Answer[], au?: dnsPacket.Answer[]) => Buffer): Buffer {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (!m) return reply('NXDOMAIN');
  const ip = [m[4], m[3], m[2], m[1]].join('.');
  const svc = store.list('services').find((s) => (s.spec as Json).clusterIP === ip);
  if (!svc) return reply('NXDOMAIN', [], [soa()]);
  return reply('NOERROR', [{
    type: 'PTR', name: `${name}`, ttl: TTL, class: 'IN', data: `${svc.metadata.name}.${svc.metadata.namespace}.svc.${ZONE}`,
  } as dnsPacket.Answer]);
}

function soa(): dnsPacket.Answer {
  return {
    type: 'SOA', name: ZONE, ttl: TTL, class: 'IN',
    data: { mname: `ns.dns.${ZONE}`, rname: `hostmaster.${ZONE}`, serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: TTL },
  } as dnsPacket.Answer;
}
