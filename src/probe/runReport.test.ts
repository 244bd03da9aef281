import { describe, expect, it } from 'vitest';
import { createTcpParser } from './tcp.js';
import { createPingParser } from './ping.js';
import { eventLine, exitCodeOf, probeJson, summaryLines } from './runReport.js';
import { specFor, watchdogS, CONTINUOUS_PING_S } from './run.js';
import type { ProbeRequest, RunOutcome } from './runner.js';

const ping = () => {
  const p = createPingParser('busybox-ping');
  p.feed('PING 10.0.0.2 (10.0.0.2): 56 data bytes\n64 bytes from 10.0.0.2: seq=0 ttl=64 time=0.100 ms\n');
  return p.end(null).result;
};
const outcome = (o: Partial<RunOutcome>): RunOutcome => ({ reason: 'completed', result: null, tool: null, container: 'c', message: null, ...o });
const END = { namespace: 'default', pod: 'a', ip: '10.0.0.1', node: 'n1' };

describe('exitCodeOf', () => {
  it('0 for a result that is ok, 1 for a failed probe or a pod gone, 2 for what podnet could not do', () => {
    expect(exitCodeOf(outcome({ result: ping(), ranKind: 'ping' }))).toBe(0);
    expect(exitCodeOf(outcome({ reason: 'stopped', result: ping(), ranKind: 'ping' }))).toBe(0);
    expect(exitCodeOf(outcome({ result: { ...ping(), ok: false } }))).toBe(1);
    expect(exitCodeOf(outcome({ reason: 'source-gone', result: ping() }))).toBe(1);
    expect(exitCodeOf(outcome({ reason: 'failed', message: 'x' }))).toBe(1);
    expect(exitCodeOf(outcome({ reason: 'failed', message: 'x', fault: 'permission' }))).toBe(2);
    expect(exitCodeOf(outcome({ reason: 'needs-debug', message: 'x' }))).toBe(2);
    expect(exitCodeOf(outcome({ reason: 'api-lost', message: 'x' }))).toBe(2);
  });
});

describe('probeJson', () => {
  it('a ping fallen back to TCP: kind ping, the tcp object, the note, no ping fields', () => {
    const p = createTcpParser('curl-tcp', 8080);
    p.feed('\npodnet-curl http_code=000 time_connect=0.000296 time_starttransfer=0 time_total=5.0 size_download=0\n', 'stdout');
    const json = probeJson('ping', outcome({ result: p.end(28).result, tool: 'curl-tcp', ranKind: 'tcp', note: 'no ping' }), END, END);
    expect(json).toMatchObject({ kind: 'ping', ok: true, tool: 'curl telnet://', note: 'no ping', sent: null, replies: null, tcp: { port: 8080, open: true, state: 'open', connectMs: 0.296 }, http: null, error: null });
  });

  it('keeps escape sequences from a pod out of the title and the error', () => {
    const json = probeJson('http', outcome({ reason: 'failed', message: 'bad \u001b[31mred\u001b[0m', ranKind: 'http', result: { ok: true, tool: 'curl', status: 200, connectMs: 1, firstByteMs: 2, totalMs: 3, bytes: 4, title: 'T\u001b]0;pwned\u0007!', error: null } }), END, END);
    expect(json.http).toMatchObject({ title: 'T!' });
    expect(json.error).toBe('bad red');
    expect(json.ok).toBe(false);
  });
});

describe('text lines', () => {
  it('a reply, a loss, and the summary', () => {
    expect(eventLine({ type: 'probe', event: { type: 'reply', seq: 1, ttl: 64, rttMs: 0.1, from: '10.0.0.2' } })).toBe('reply from 10.0.0.2: seq=1 ttl=64 time=0.1 ms');
    expect(eventLine({ type: 'probe', event: { type: 'lost', seq: 2, reason: 'gap' } })).toBe('seq=2 lost');
    expect(summaryLines(outcome({ result: ping(), ranKind: 'ping' }))).toEqual(['--- 1 sent, 1 received, 0% loss', 'rtt min/avg/max/mdev = 0.1/0.1/0.1/0 ms']);
  });
});

describe('specFor', () => {
  const req: ProbeRequest = { kind: 'ping', source: { namespace: 'd', pod: 'a' }, host: '10.0.0.2', debug: 'never' };
  it('a ping until stopped is still bounded in the pod', () => {
    expect(specFor(req, { kind: 'ping', tool: 'busybox-ping' })).toMatchObject({ count: CONTINUOUS_PING_S });
    expect(specFor({ ...req, intervalS: 0.5 }, { kind: 'ping', tool: 'busybox-ping' })).toMatchObject({ count: CONTINUOUS_PING_S * 2 });
  });
  it('the TCP fallback of a ping uses the request\'s port, else 80; a tcp probe needs one', () => {
    expect(specFor(req, { kind: 'tcp', tool: 'busybox-nc' })).toMatchObject({ kind: 'tcp', port: 80 });
    expect(specFor({ ...req, port: 8080 }, { kind: 'tcp', tool: 'busybox-nc' })).toMatchObject({ port: 8080 });
    expect(() => specFor({ ...req, kind: 'tcp' }, { kind: 'tcp', tool: 'busybox-nc' })).toThrow(/needs a port/);
  });
  it('the watchdog leaves the tool its own bounds', () => {
    expect(watchdogS({ kind: 'ping', tool: 'busybox-ping', host: 'h', count: 3, intervalS: 1, timeoutS: 1 })).toBe(34);
    expect(watchdogS({ kind: 'tcp', tool: 'busybox-nc', host: 'h', port: 1 })).toBe(35);
  });
});
