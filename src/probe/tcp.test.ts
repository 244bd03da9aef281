import { describe, expect, it } from 'vitest';
import { fixtureNames, loadFixture, parseAllSplits, type Fixture } from '../../test/fixtures/probe/load.js';
import { classifyFailure, createTcpParser } from './tcp.js';
import type { TcpResult, TcpTool } from './types.js';

type Expect = Pick<TcpResult, 'open' | 'state' | 'connectMs' | 'error'> & { port: number };

const open = (port: number, connectMs: number | null = null): Expect => ({ port, open: true, state: 'open', connectMs, error: null });
const failed = (port: number, state: TcpResult['state'], error: string): Expect => ({ port, open: false, state, connectMs: null, error });

const EXPECT: Record<TcpTool, Record<string, Expect>> = {
  'busybox-nc': {
    open: open(5432),
    'open-vv': open(5432),
    'open-service': open(8080),
    'podnet-open': open(5432),
    // busybox nc -zv prints nothing at all for a refused port and exits 1.
    refused: failed(5433, 'refused', 'Connection refused'),
    'refused-vv': failed(5433, 'refused', '10.244.1.3 (10.244.1.3:5433): Connection refused'),
    'podnet-refused': failed(5433, 'refused', '10.244.1.3 (10.244.1.3:5433): Connection refused'),
    timeout: failed(5432, 'timeout', '10.244.1.200 (10.244.1.200:5432): Connection timed out'),
    'timeout-vv': failed(5432, 'timeout', '10.244.1.200 (10.244.1.200:5432): Connection timed out'),
    'host-unreachable': failed(80, 'unreachable', '10.244.0.200 (10.244.0.200:80): No route to host'),
  },
  'nc-openbsd': {
    open: open(5432),
    'open-service': open(8080),
    'podnet-open': open(5432),
    refused: failed(5433, 'refused', 'connect to 10.244.1.3 port 5433 (tcp) failed: Connection refused'),
    'podnet-refused': failed(5433, 'refused', 'connect to 10.244.1.3 port 5433 (tcp) failed: Connection refused'),
    timeout: failed(5432, 'timeout', 'connect to 10.244.1.200 port 5432 (tcp) timed out: Operation now in progress'),
    'host-unreachable': failed(80, 'unreachable', 'connect to 10.244.0.200 port 80 (tcp) failed: No route to host'),
  },
  'busybox-telnet': {
    open: open(5432),
    'open-cache': open(6379),
    'podnet-open': open(5432),
    refused: failed(5433, 'refused', "can't connect to remote host (10.244.1.3): Connection refused"),
    'podnet-refused': failed(5433, 'refused', "can't connect to remote host (10.244.1.3): Connection refused"),
    // Killed by busybox `timeout` (exit 143) without a word from telnet.
    timeout: failed(5432, 'timeout', 'no connection before the timeout'),
  },
  'curl-tcp': {
    // Exit 28 even though the port is open: time_connect is the evidence, and the connect time.
    open: open(5432, 0.273),
    // curl says "Couldn't connect to server" for refused and unreachable alike: no guessing which.
    refused: failed(5433, 'error', "Failed to connect to 10.244.1.3 port 5433 after 0 ms: Couldn't connect to server"),
    timeout: failed(5432, 'timeout', 'Connection timed out after 1001 milliseconds'),
  },
};

const portOf = (fx: Fixture) => Number(fx.argv.at(-1)!.split(':').at(-1));

for (const tool of Object.keys(EXPECT) as TcpTool[]) {
  describe(`${tool} fixtures`, () => {
    it('has expectations for every captured case', () => {
      expect(fixtureNames(tool)).toEqual(Object.keys(EXPECT[tool]).sort());
    });

    for (const [name, want] of Object.entries(EXPECT[tool])) {
      it(`parses ${name} the same in every chunk split`, () => {
        const fx = loadFixture(tool, name);
        const { events, result } = parseAllSplits(fx, () => createTcpParser(tool, portOf(fx)));
        expect(result.port).toBe(want.port);
        expect(result.open).toBe(want.open);
        expect(result.ok).toBe(want.open);
        expect(result.state).toBe(want.state);
        expect(result.connectMs).toBe(want.connectMs);
        expect(result.error).toBe(want.error);
        // Exactly one verdict event, and it agrees with the result.
        expect(events).toEqual([want.open ? { type: 'open', connectMs: want.connectMs } : { type: 'failed', state: want.state, message: want.error }]);
      });
    }
  });
}

describe('tcp parser details', () => {
  it('classifies the errno texts the tools print', () => {
    expect(classifyFailure('Connection refused')).toBe('refused');
    expect(classifyFailure('Connection timed out')).toBe('timeout');
    expect(classifyFailure('(tcp) timed out: Operation now in progress')).toBe('timeout');
    expect(classifyFailure('Time-out')).toBe('timeout');
    expect(classifyFailure('No route to host')).toBe('unreachable');
    expect(classifyFailure('Network is unreachable')).toBe('unreachable');
    expect(classifyFailure('bad address')).toBe('error');
  });

  it('does not read a silent busybox nc exit as refused when the run was cut off', () => {
    expect(createTcpParser('busybox-nc', 5432).end(null).result).toMatchObject({ open: false, state: 'error', error: 'cut off before it finished' });
  });
});
