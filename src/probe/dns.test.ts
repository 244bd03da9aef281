import { describe, expect, it } from 'vitest';
import { fixtureNames, loadFixture, parseAllSplits } from '../../test/fixtures/probe/load.js';
import { createDnsParser, type DnsEvent } from './dns.js';
import type { DnsResult } from './types.js';

type Expect = Omit<DnsResult, 'tool' | 'server'>;

const SVC = 'backend.default.svc.cluster.local';

const EXPECT: Record<string, Expect> = {
  // Answered, yet busybox exits 1: the last name on the search path (backend.cluster.local) failed.
  service: {
    ok: true, query: 'backend', answers: ['10.96.0.11'], records: [{ name: SVC, type: 'A', data: '10.96.0.11' }],
    failures: [{ name: 'backend.cluster.local', rcode: 'NXDOMAIN' }], error: null,
  },
  'service-fqdn': { ok: true, query: SVC, answers: ['10.96.0.11'], records: [{ name: SVC, type: 'A', data: '10.96.0.11' }], failures: [], error: null },
  nxdomain: {
    ok: false, query: 'nosuch-service', answers: [], records: [],
    // Printed as four lines (A and AAAA per name); each name/rcode pair is kept once.
    failures: [
      { name: 'nosuch-service.cluster.local', rcode: 'NXDOMAIN' },
      { name: 'nosuch-service.default.svc.cluster.local', rcode: 'NXDOMAIN' },
    ],
    error: 'nosuch-service: NXDOMAIN',
  },
  'ptr-service': {
    ok: true, query: '10.96.0.11', answers: [SVC], records: [{ name: '11.0.96.10.in-addr.arpa', type: 'PTR', data: SVC }], failures: [], error: null,
  },
  'ptr-pod': { ok: false, query: '10.244.1.3', answers: [], records: [], failures: [{ name: '3.1.244.10.in-addr.arpa', rcode: 'NXDOMAIN' }], error: '10.244.1.3: NXDOMAIN' },
  // NOERROR without records: busybox prints only blank lines and exits 0.
  nodata: { ok: false, query: 'nosuch-service.svc.cluster.local', answers: [], records: [], failures: [], error: 'nosuch-service.svc.cluster.local: no records' },
  outside: { ok: false, query: 'example.com', answers: [], records: [], failures: [{ name: 'example.com', rcode: 'SERVFAIL' }], error: 'example.com: SERVFAIL' },
};

describe('busybox nslookup fixtures', () => {
  it('has expectations for every captured case', () => {
    expect(fixtureNames('busybox-nslookup')).toEqual(Object.keys(EXPECT).sort());
  });

  for (const [name, want] of Object.entries(EXPECT)) {
    it(`parses ${name} the same in every chunk split`, () => {
      const fx = loadFixture('busybox-nslookup', name);
      const { events, result } = parseAllSplits(fx, () => createDnsParser('busybox-nslookup', fx.argv.at(-1)!));
      expect(result.tool).toBe('busybox nslookup');
      // The server's own "Address:" line must not be taken for an answer.
      expect(result.server).toBe('10.96.0.10');
      for (const key of Object.keys(want) as (keyof Expect)[]) expect(result[key], key).toEqual(want[key]);
      expect(events[0]).toEqual({ type: 'server', server: '10.96.0.10' });
      const rest: DnsEvent[] = [
        ...want.records.map((record) => ({ type: 'record' as const, record })),
        ...want.failures.map((f) => ({ type: 'failure' as const, ...f })),
      ];
      expect(events.slice(1)).toEqual(expect.arrayContaining(rest));
      expect(events).toHaveLength(1 + rest.length);
    });
  }
});

describe('dns parser details', () => {
  it('reports stderr as the error when nothing was answered', () => {
    // Plain input for the logic only; no fixture shows nslookup writing to stderr.
    const p = createDnsParser('busybox-nslookup', 'x');
    expect(p.feed('nslookup: some failure\n', 'stderr')).toEqual([{ type: 'error', message: 'nslookup: some failure' }]);
    expect(p.end(1).result).toMatchObject({ ok: false, error: 'nslookup: some failure' });
  });

  it('says a cut-off lookup was cut off', () => {
    expect(createDnsParser('busybox-nslookup', 'backend').end(null).result.error).toBe('nslookup was cut off before it answered');
  });
});
