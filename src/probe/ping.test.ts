import { describe, expect, it } from 'vitest';
import { fixtureNames, loadFixture, parseAllSplits } from '../../test/fixtures/probe/load.js';
import { createPingParser, type PingEvent } from './ping.js';
import type { PingResult, PingTool } from './types.js';

/** Compact event trace: r<seq> reply, l<seq><g|n|t> lost by gap/no-answer/trailing, e<seq> ICMP error. */
function trace(events: PingEvent[]): string {
  return events
    .map((e) => {
      if (e.type === 'reply') return `r${e.seq}`;
      if (e.type === 'lost') return `l${e.seq}${e.reason[0]}`;
      if (e.type === 'icmp-error') return `e${e.seq}`;
      return e.type;
    })
    .join(' ');
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

type Expect = Pick<PingResult, 'ok' | 'sent' | 'received' | 'lossPct' | 'lost' | 'icmpErrors' | 'error'> & {
  replySeqs: number[];
  ttl?: number;
  rttMs: PingResult['rttMs'];
  toolLossPct?: number;
  trace?: string;
};

const lostFrom = (sent: number, first: number, replies: number[]) => range(first, first + sent - 1).filter((s) => !replies.includes(s));
const BB_PARTIAL = [1, 2, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 20, 22, 23, 24, 26, 27, 31, 32, 36, 38];
const IP_PARTIAL = [1, 2, 4, 6, 7, 8, 9, 10, 11, 13, 14, 17, 19, 20, 21, 22, 24, 25, 26, 29, 34, 35, 38, 39];
const IP_PARTIAL_O = [3, 4, 8, 9, 11, 16, 18, 21, 28, 30, 31, 33, 34, 36, 37, 39];
const none = { lost: [], icmpErrors: 0, error: null, ok: true, lossPct: 0 };
const allLost = (sent: number, first: number, error: string) => ({ ok: false, sent, received: 0, lossPct: 100, lost: range(first, first + sent - 1), icmpErrors: 0, error, replySeqs: [], rttMs: null });

const EXPECT: Record<PingTool, Record<string, Expect>> = {
  'busybox-ping': {
    ok: { ...none, sent: 5, received: 5, replySeqs: range(0, 4), ttl: 64, rttMs: { min: 0.079, avg: 0.097, max: 0.122, mdev: 0.019, p50: 0.085, p90: 0.122, p99: 0.122 }, trace: 'start r0 r1 r2 r3 r4 summary' },
    'ok-cross-node': { ...none, sent: 3, received: 3, replySeqs: [0, 1, 2], ttl: 61, rttMs: { min: 0.137, avg: 0.314, max: 0.51, mdev: 0.153, p50: 0.295, p90: 0.51, p99: 0.51 } },
    'podnet-ok': { ...none, sent: 5, received: 5, replySeqs: range(0, 4), ttl: 61, rttMs: { min: 0.125, avg: 0.173, max: 0.267, mdev: 0.049, p50: 0.155, p90: 0.267, p99: 0.267 } },
    unreachable: { ...allLost(3, 0, 'no reply from 10.244.1.200 (3 sent)'), trace: 'start l0t l1t l2t summary' },
    // busybox prints nothing for the ARP failure that iputils reports as Destination Host Unreachable.
    'host-unreachable': { ...allLost(5, 0, 'no reply from 10.244.0.200 (5 sent)'), trace: 'start l0t l1t l2t l3t l4t summary' },
    'loss-100': allLost(3, 0, 'no reply from 10.244.0.4 (3 sent)'),
    'loss-partial': {
      ok: true, sent: 40, received: 22, lossPct: 45, toolLossPct: 45, icmpErrors: 0, error: null, ttl: 64,
      replySeqs: BB_PARTIAL, lost: lostFrom(40, 0, BB_PARTIAL),
      rttMs: { min: 0.094, avg: 0.108, max: 0.137, mdev: 0.012, p50: 0.11, p90: 0.119, p99: 0.137 },
      // Losses show up as soon as the next reply proves them; seq 39 only once the summary says 40 were sent.
      trace: 'start l0g r1 r2 l3g l4g l5g r6 r7 r8 r9 r10 r11 r12 l13g l14g r15 r16 r17 l18g l19g r20 l21g r22 r23 r24 l25g r26 r27 l28g l29g l30g r31 r32 l33g l34g l35g r36 l37g r38 l39t summary',
    },
    'bad-address': { ok: false, sent: 0, received: 0, lossPct: 0, lost: [], icmpErrors: 0, error: "ping: bad address 'nosuch-host'", replySeqs: [], rttMs: null, trace: 'error' },
  },
  'iputils-ping': {
    ok: { ...none, sent: 5, received: 5, replySeqs: range(1, 5), ttl: 64, rttMs: { min: 0.072, avg: 0.09, max: 0.129, mdev: 0.02, p50: 0.086, p90: 0.129, p99: 0.129 }, trace: 'start r1 r2 r3 r4 r5 summary' },
    'ok-interval': { ...none, sent: 10, received: 10, replySeqs: range(1, 10), ttl: 61, rttMs: { min: 0.102, avg: 0.115, max: 0.127, mdev: 0.008, p50: 0.118, p90: 0.121, p99: 0.127 } },
    'podnet-ok': { ...none, sent: 5, received: 5, replySeqs: range(1, 5), ttl: 61, rttMs: { min: 0.101, avg: 0.117, max: 0.133, mdev: 0.012, p50: 0.119, p90: 0.133, p99: 0.133 } },
    unreachable: { ...allLost(3, 1, 'no reply from 10.244.1.200 (3 sent)'), trace: 'start l1t l2t l3t summary' },
    'host-unreachable': {
      ...allLost(5, 1, 'Destination Host Unreachable (from 10.244.0.3)'), icmpErrors: 3,
      // Three ICMP errors for five requests: the last two were still waiting on ARP when ping quit.
      trace: 'start e1 e2 e3 l4t l5t summary',
    },
    'loss-100-O': { ...allLost(3, 1, 'no reply from 10.244.0.4 (3 sent)'), trace: 'start l1n l2n l3t summary' },
    'loss-partial': {
      ok: true, sent: 40, received: 24, lossPct: 40, toolLossPct: 40, icmpErrors: 0, error: null, ttl: 64,
      replySeqs: IP_PARTIAL, lost: lostFrom(40, 1, IP_PARTIAL),
      rttMs: { min: 0.053, avg: 0.073, max: 0.1, mdev: 0.01, p50: 0.07, p90: 0.09, p99: 0.1 },
    },
    'loss-partial-O': {
      ok: true, sent: 40, received: 16, lossPct: 60, toolLossPct: 60, icmpErrors: 0, error: null, ttl: 64,
      replySeqs: IP_PARTIAL_O, lost: lostFrom(40, 1, IP_PARTIAL_O),
      rttMs: { min: 0.061, avg: 0.075, max: 0.087, mdev: 0.007, p50: 0.075, p90: 0.085, p99: 0.087 },
      // -O names each miss as it happens, except the very last one (no later send to trigger it).
      trace: 'start l1n l2n r3 r4 l5n l6n l7n r8 r9 l10n r11 l12n l13n l14n l15n r16 l17n r18 l19n l20n r21 l22n l23n l24n l25n l26n l27n r28 l29n r30 r31 l32n r33 r34 l35n r36 r37 l38n r39 l40t summary',
    },
    'bad-address': { ok: false, sent: 0, received: 0, lossPct: 0, lost: [], icmpErrors: 0, error: 'ping: nosuch-host: No address associated with hostname', replySeqs: [], rttMs: null, trace: 'error' },
  },
};

for (const tool of ['busybox-ping', 'iputils-ping'] as const) {
  describe(`${tool} fixtures`, () => {
    it('has expectations for every captured case', () => {
      expect(fixtureNames(tool)).toEqual(Object.keys(EXPECT[tool]).sort());
    });

    for (const [name, want] of Object.entries(EXPECT[tool])) {
      it(`parses ${name} the same in every chunk split`, () => {
        const fx = loadFixture(tool, name);
        const { events, result: r } = parseAllSplits(fx, () => createPingParser(tool));
        expect(r.ok).toBe(want.ok);
        expect(r.tool).toBe(tool === 'busybox-ping' ? 'busybox ping' : 'iputils ping');
        expect(r.sent).toBe(want.sent);
        expect(r.received).toBe(want.received);
        expect(r.lossPct).toBe(want.lossPct);
        expect(r.lost).toEqual(want.lost);
        expect(r.icmpErrors).toBe(want.icmpErrors);
        expect(r.error).toBe(want.error);
        expect(r.replies.map((x) => x.seq)).toEqual(want.replySeqs);
        if (want.ttl !== undefined) expect(new Set(r.replies.map((x) => x.ttl))).toEqual(new Set([want.ttl]));
        expect(r.rttMs).toEqual(want.rttMs);
        if (want.trace) expect(trace(events)).toBe(want.trace);
        // The result's counts agree with the tool's own summary whenever it printed one.
        if (r.toolSummary) {
          expect(r.toolSummary.sent).toBe(r.sent);
          expect(r.toolSummary.received).toBe(r.received);
          expect(r.toolSummary.lossPct).toBe(want.toolLossPct ?? want.lossPct);
        }
        // Our stats come from the per-reply RTTs, which the tool prints rounded to the microsecond.
        if (r.rttMs && r.toolSummary?.avg !== undefined) {
          expect(r.rttMs.min).toBe(r.toolSummary.min);
          expect(r.rttMs.max).toBe(r.toolSummary.max);
          expect(Math.abs(r.rttMs.avg - r.toolSummary.avg)).toBeLessThanOrEqual(0.0015);
          if (r.toolSummary.mdev !== undefined) expect(Math.abs(r.rttMs.mdev - r.toolSummary.mdev)).toBeLessThanOrEqual(0.0015);
        }
      });
    }
  });
}

describe('ping parser details', () => {
  it('reads the first reply of a real run field by field', () => {
    const { events } = parseAllSplits(loadFixture('busybox-ping', 'ok'), () => createPingParser('busybox-ping'));
    expect(events[0]).toEqual({ type: 'start', host: '10.244.0.4', ip: '10.244.0.4' });
    expect(events[1]).toEqual({ type: 'reply', seq: 0, ttl: 64, rttMs: 0.122, from: '10.244.0.4' });
    expect(events.at(-1)).toEqual({ type: 'summary', sent: 5, received: 5, lossPct: 0 });
  });

  it('takes back a loss when a late reply turns up, and flags a repeated reply as a duplicate', () => {
    const lines = new TextDecoder().decode(loadFixture('iputils-ping', 'loss-partial-O').stdout).split('\n');
    const noAnswer1 = lines.find((l) => l.startsWith('no answer yet for icmp_seq=1'))!;
    const reply3 = lines.find((l) => l.includes('icmp_seq=3 '))!;
    const p = createPingParser('iputils-ping');
    p.feed(`${noAnswer1}\n`);
    const late = p.feed(`${reply3.replace('icmp_seq=3', 'icmp_seq=1')}\n`);
    expect(late).toEqual([{ type: 'reply', seq: 1, ttl: 64, rttMs: 0.08, from: '10.244.0.4', late: true }]);
    expect(p.feed(`${reply3.replace('icmp_seq=3', 'icmp_seq=1')}\n`)[0]).toMatchObject({ seq: 1, dup: true });
    const { result } = p.end(null);
    expect(result).toMatchObject({ sent: 1, received: 1, lost: [], lossPct: 0 });
  });

  it('settles a cut-off run (no summary) from what it saw', () => {
    const out = new TextDecoder().decode(loadFixture('busybox-ping', 'loss-partial').stdout);
    const head = out.slice(0, out.indexOf('seq=7 '));
    const p = createPingParser('busybox-ping');
    p.feed(head);
    const { result } = p.end(null);
    // The half line at the cut never completes and is ignored; seq 0..6 were seen, 4 of them lost.
    expect(result).toMatchObject({ ok: true, sent: 7, received: 3, lost: [0, 3, 4, 5], toolSummary: null, error: null });
  });
});
