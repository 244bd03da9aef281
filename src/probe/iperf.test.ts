import { describe, expect, it } from 'vitest';
import { fixtureNames, loadFixture, parseAllSplits } from '../../test/fixtures/probe/load.js';
import { createIperfParser, iperfErrorText, type IperfEvent, type IperfRole } from './iperf.js';
import { iperfClientArgv, iperfServerArgv } from './iperfArgv.js';
import type { BandwidthResult } from './runner.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const KiB = 1024;
const iv = (startS: number, endS: number, bytes: number, mbitPerS: number) => ({ startS, endS, bytes: Math.round(bytes), mbitPerS });

/** Compact trace: L listening, C connecting, A accepted, i<end> interval, s/r summary, E error. */
function trace(events: IperfEvent[]): string {
  return events
    .map((e) => {
      switch (e.type) {
        case 'listening': return 'L';
        case 'connecting': return 'C';
        case 'accepted': return 'A';
        case 'interval': return `i${e.interval.endS}`;
        case 'summary': return e.side === 'sender' ? 's' : 'r';
        case 'error': return 'E';
      }
    })
    .join(' ');
}

const role = (name: string): IperfRole => (name.startsWith('srv-') ? 'server' : 'client');

const EXPECT: Record<string, { result: BandwidthResult; trace: string }> = {
  'podnet-ok': {
    result: {
      ok: true, tool: 'iperf3', sentMbitPerS: 15863, receivedMbitPerS: 15859, error: null,
      intervals: [iv(0, 1, 1.76 * GiB, 15110), iv(1, 2, 1.88 * GiB, 16109), iv(2, 3, 1.91 * GiB, 16370)],
    },
    trace: 'C i1 i2 i3 s r',
  },
  'ok-cross-node': {
    result: { ok: true, tool: 'iperf3', sentMbitPerS: 12704, receivedMbitPerS: 12690, error: null, intervals: [iv(0, 1, 1.48 * GiB, 12686), iv(1, 2, 1.48 * GiB, 12722)] },
    trace: 'C i1 i2 s r',
  },
  'loss-10': {
    // Decimal bitrates and a zero-byte second: the three-significant-digit form iperf3 uses below 1000.
    result: {
      ok: true, tool: 'iperf3', sentMbitPerS: 55.9, receivedMbitPerS: 47.5, error: null,
      intervals: [iv(0, 1, 12.8 * MiB, 107), iv(1, 2, 7.25 * MiB, 60.8), iv(2, 3, 0, 0)],
    },
    trace: 'C i1 i2 i3 s r',
  },
  refused: {
    result: { ok: false, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: null, error: 'unable to connect to server: Connection refused', intervals: [] },
    trace: 'E',
  },
  'connect-timeout': {
    result: { ok: false, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: null, error: 'unable to connect to server: Connection timed out', intervals: [] },
    trace: 'E',
  },
  busy: {
    result: { ok: false, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: null, error: 'the server is busy running a test. try again later', intervals: [] },
    trace: 'E',
  },
  'server-gone': {
    // iperf3 prints the 0-1 s interval twice when the server goes away; it counts once. The
    // summary still comes, with the receiver at zero: the error decides the outcome.
    result: { ok: false, tool: 'iperf3', sentMbitPerS: 24309, receivedMbitPerS: 0, error: 'the server has terminated', intervals: [iv(0, 1, 1.95 * GiB, 16709)] },
    trace: 'C i1 s r E',
  },
  'client-deadline': {
    result: {
      ok: false, tool: 'iperf3', sentMbitPerS: 8324, receivedMbitPerS: 0, error: 'interrupt - the client has terminated',
      intervals: [iv(0, 1, 724 * MiB, 6067), iv(1, 2, 1.22 * GiB, 10467), iv(2, 2.06, 68.8 * MiB, 10386)],
    },
    trace: 'C i1 i2 i2.06 s r E',
  },
  'srv-podnet-ok': {
    // The server's closing 3.00-3.00 slice is not a new interval.
    result: {
      ok: true, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: 15859, error: null,
      intervals: [iv(0, 1, 1.76 * GiB, 15102), iv(1, 2, 1.88 * GiB, 16107), iv(2, 3, 1.91 * GiB, 16373)],
    },
    trace: 'L A i1 i2 i3 r',
  },
  'srv-ok-cross-node': {
    result: { ok: true, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: 12690, error: null, intervals: [iv(0, 1, 1.48 * GiB, 12664), iv(1, 2, 1.48 * GiB, 12722)] },
    trace: 'L A i1 i2 r',
  },
  'srv-loss-10': {
    result: {
      ok: true, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: 47.5, error: null,
      intervals: [iv(0, 1, 10.8 * MiB, 90.8), iv(1, 2, 5.65 * MiB, 47.4), iv(2, 3, 536 * KiB, 4.39)],
    },
    trace: 'L A i1 i2 i3 r',
  },
  'srv-server-gone': {
    result: { ok: false, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: 16961, error: 'interrupt - the server has terminated', intervals: [iv(0, 1, 1.94 * GiB, 16704), iv(1, 1.43, 908 * MiB, 17554)] },
    trace: 'L A i1 i1.43 r E',
  },
  'srv-client-deadline': {
    result: { ok: false, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: 8530, error: 'the client has terminated', intervals: [iv(0, 1, 716 * MiB, 5999), iv(1, 2, 1.21 * GiB, 10437)] },
    trace: 'L A i1 i2 r E',
  },
  'srv-port-in-use': {
    result: { ok: false, tool: 'iperf3', sentMbitPerS: null, receivedMbitPerS: null, error: 'unable to start listener for connections: Address already in use', intervals: [] },
    trace: 'E',
  },
};

describe('iperf3 parser on captured output', () => {
  it('has an expectation for every capture', () => {
    expect(fixtureNames('iperf3')).toEqual(Object.keys(EXPECT).sort());
  });

  for (const name of fixtureNames('iperf3')) {
    it(`${name}: same events and result in every chunk split`, () => {
      const fx = loadFixture('iperf3', name);
      const want = EXPECT[name];
      if (!want) throw new Error(`no expectation for iperf3/${name}`);
      const { events, result } = parseAllSplits(fx, () => createIperfParser(role(name)));
      expect(trace(events)).toBe(want.trace);
      expect(result).toEqual(want.result);
    });
  }

  it('reports each interval as soon as its line completes, before the summary exists', () => {
    const fx = loadFixture('iperf3', 'podnet-ok');
    const text = new TextDecoder().decode(fx.stdout);
    const cut = text.lastIndexOf('\n', text.indexOf('1.00-2.00')) + 1;
    const p = createIperfParser('client');
    const first = p.feed(text.slice(0, cut));
    expect(first.filter((e) => e.type === 'interval')).toEqual([{ type: 'interval', interval: iv(0, 1, 1.76 * GiB, 15110) }]);
    // Half a line gives nothing until its newline arrives.
    expect(p.feed('[  5]   1.00-2.00   sec  1.88 GBy')).toEqual([]);
    expect(p.feed('tes  16109 Mbits/sec  405    421 KBytes       \n')).toEqual([{ type: 'interval', interval: iv(1, 2, 1.88 * GiB, 16109) }]);
  });

  it('says the output was cut off when no summary came', () => {
    const fx = loadFixture('iperf3', 'podnet-ok');
    const text = new TextDecoder().decode(fx.stdout);
    const p = createIperfParser('client');
    p.feed(text.slice(0, text.indexOf('- - -')));
    expect(p.end(null).result).toMatchObject({ ok: false, error: 'iperf3 ended before printing its summary', intervals: [{ endS: 1 }, { endS: 2 }, { endS: 3 }] });
    const q = createIperfParser('client');
    q.feed(text);
    expect(q.end(137).result).toMatchObject({ ok: false, error: 'iperf3 exited with code 137', sentMbitPerS: 15863 });
  });

  it('converts other bit units to Mbit/s and ignores omitted seconds', () => {
    const p = createIperfParser('client');
    const ev = p.feed('[  5]   0.00-1.00   sec  1.10 MBytes  9.23 Kbits/sec\n[  5]   1.00-2.00   sec  1.10 MBytes  1.50 Gbits/sec  (omitted)\n[  5]   1.00-2.00   sec  1.10 MBytes  1.50 Gbits/sec\n');
    expect(ev.map((e) => (e.type === 'interval' ? e.interval.mbitPerS : e.type))).toEqual([0.009, 1500]);
  });

  it('strips the prefixes of error lines', () => {
    expect(iperfErrorText('iperf3: error - unable to receive control message: Connection reset by peer')).toBe('unable to receive control message: Connection reset by peer');
  });
});

describe('iperf3 argv', () => {
  it('builds exactly the argv the podnet-ok captures ran', () => {
    expect(iperfClientArgv({ host: '10.244.0.4', port: 5201, durationS: 3, withTimeout: true })).toEqual(loadFixture('iperf3', 'podnet-ok').argv);
    expect(iperfServerArgv({ port: 5201, durationS: 3, withTimeout: true })).toEqual(loadFixture('iperf3', 'srv-podnet-ok').argv);
  });

  it('bounds itself without timeout too, and refuses option-like hosts and bad numbers', () => {
    const server = iperfServerArgv({ port: 5201, durationS: 3, withTimeout: false });
    expect(server[0]).toBe('iperf3');
    expect(server).toContain('--idle-timeout');
    expect(iperfClientArgv({ host: 'backend.default.svc', port: 80, durationS: 1, withTimeout: false })[0]).toBe('iperf3');
    expect(() => iperfClientArgv({ host: '-s', port: 5201, durationS: 3, withTimeout: true })).toThrow(/not a host/);
    expect(() => iperfClientArgv({ host: '10.0.0.1', port: 0, durationS: 3, withTimeout: true })).toThrow(/port/);
    expect(() => iperfServerArgv({ port: 5201, durationS: 0.5, withTimeout: true })).toThrow(/duration/);
  });
});
