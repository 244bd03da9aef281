import { describe, expect, it } from 'vitest';
import { fixtureNames, loadFixture, parseAllSplits } from '../../test/fixtures/probe/load.js';
import { createHttpParser, type HttpEvent } from './http.js';
import type { HttpResult, HttpTool } from './types.js';

type Expect = Omit<HttpResult, 'tool'> & { events?: string };

/** Event trace without headers (their values carry dates): connecting, status N, title, timing, error. */
function trace(events: HttpEvent[]): string {
  return events
    .filter((e) => e.type !== 'header')
    .map((e) => (e.type === 'status' ? `status ${e.status}` : e.type))
    .join(' ');
}

const none = { connectMs: null, firstByteMs: null, totalMs: null };
const NGINX = 'Welcome to nginx!';
const wgetFail = (error: string, status: number | null = null) => ({ ok: false, status, ...none, bytes: null, title: null, error });

const EXPECT: Record<HttpTool, Record<string, Expect>> = {
  'busybox-wget': {
    // -qO- alone says nothing about the status: exit 0 is all there is.
    ok: { ok: true, status: null, ...none, bytes: 615, title: NGINX, error: null, events: 'title' },
    // With -O /dev/null the byte count comes from the final progress line.
    headers: { ok: true, status: 200, ...none, bytes: 138, title: null, error: null, events: 'connecting status 200' },
    'headers-body': { ok: true, status: 200, ...none, bytes: 615, title: NGINX, error: null },
    'podnet-ok': { ok: true, status: 200, ...none, bytes: 615, title: NGINX, error: null, events: 'title connecting status 200' },
    'podnet-bytes': { ok: true, status: 200, ...none, bytes: 4096, title: null, error: null },
    'service-name': { ok: true, status: 200, ...none, bytes: 122, title: null, error: null },
    'not-found': { ...wgetFail('HTTP 404 Not Found', 404), events: 'error' },
    'not-found-headers': wgetFail('HTTP 404 Not Found', 404),
    'podnet-not-found': { ...wgetFail('HTTP 404 Not Found', 404), events: 'connecting status 404 error' },
    refused: wgetFail("can't connect to remote host (10.244.0.4): Connection refused"),
    'podnet-refused': wgetFail("can't connect to remote host (10.244.0.4): Connection refused"),
    'host-unreachable': wgetFail("can't connect to remote host (10.244.0.200): No route to host"),
    timeout: wgetFail('download timed out'),
    'podnet-timeout': { ...wgetFail('download timed out'), events: 'connecting error' },
  },
  curl: {
    timing: { ok: true, status: 200, connectMs: 0.292, firstByteMs: 1.161, totalMs: 1.2, bytes: 138, title: null, error: null, events: 'timing' },
    'body-timing': { ok: true, status: 200, connectMs: 0.789, firstByteMs: 1.522, totalMs: 1.553, bytes: 141, title: 'frontend', error: null, events: 'title timing' },
    'podnet-ok': { ok: true, status: 200, connectMs: 0.208, firstByteMs: 1.13, totalMs: 1.167, bytes: 138, title: 'backend', error: null },
    'podnet-bytes': { ok: true, status: 200, connectMs: 0.205, firstByteMs: 1.05, totalMs: 1.112, bytes: 4096, title: null, error: null },
    // Without -w curl gives the body only: its size is what came through stdout.
    body: { ok: true, status: null, ...none, bytes: 138, title: 'backend', error: null, events: 'title' },
    'body-nginx': { ok: true, status: null, ...none, bytes: 615, title: NGINX, error: null },
    // curl exits 0 on a 404 (no -f); the status decides.
    'not-found': { ok: false, status: 404, connectMs: 0.292, firstByteMs: 1.189, totalMs: 1.234, bytes: 37, title: null, error: 'HTTP 404' },
    'podnet-not-found': { ok: false, status: 404, connectMs: 0.8, firstByteMs: 1.535, totalMs: 1.564, bytes: 37, title: null, error: 'HTTP 404' },
    // http_code 000 and zero phase times mean "never got there": null, not 0.
    refused: { ok: false, status: null, connectMs: null, firstByteMs: null, totalMs: 0.27, bytes: 0, title: null, error: "Failed to connect to 10.244.1.3 port 80 after 0 ms: Couldn't connect to server", events: 'timing error' },
    'host-unreachable': { ok: false, status: null, connectMs: null, firstByteMs: null, totalMs: 3049.176, bytes: 0, title: null, error: "Failed to connect to 10.244.0.200 port 80 after 3049 ms: Couldn't connect to server" },
    timeout: { ok: false, status: null, connectMs: null, firstByteMs: null, totalMs: 1001.572, bytes: 0, title: null, error: 'Failed to connect to 10.244.1.200 port 80 after 1001 ms: Timeout was reached' },
    'podnet-timeout': { ok: false, status: null, connectMs: null, firstByteMs: null, totalMs: 1001.78, bytes: 0, title: null, error: 'Failed to connect to 10.244.1.200 port 80 after 1001 ms: Timeout was reached' },
    'max-time': { ok: false, status: null, connectMs: null, firstByteMs: null, totalMs: 1001.449, bytes: 0, title: null, error: 'Connection timed out after 1001 milliseconds' },
    'bad-host': { ok: false, status: null, connectMs: null, firstByteMs: null, totalMs: 6.055, bytes: 0, title: null, error: 'Could not resolve host: nosuch-host' },
  },
};

for (const tool of ['busybox-wget', 'curl'] as const) {
  describe(`${tool} fixtures`, () => {
    it('has expectations for every captured case', () => {
      expect(fixtureNames(tool)).toEqual(Object.keys(EXPECT[tool]).sort());
    });

    for (const [name, { events: wantEvents, ...want }] of Object.entries(EXPECT[tool])) {
      it(`parses ${name} the same in every chunk split`, () => {
        const { events, result } = parseAllSplits(loadFixture(tool, name), () => createHttpParser(tool));
        expect(result.tool).toBe(tool === 'curl' ? 'curl' : 'busybox wget');
        for (const key of Object.keys(want) as (keyof typeof want)[]) expect(result[key], key).toEqual(want[key]);
        if (wantEvents !== undefined) expect(trace(events)).toBe(wantEvents);
      });
    }
  });
}

describe('http parser details', () => {
  it('reads busybox wget -S headers and the resolved address of a Service name', () => {
    const { events } = parseAllSplits(loadFixture('busybox-wget', 'service-name'), () => createHttpParser('busybox-wget'));
    expect(events[0]).toEqual({ type: 'connecting', host: 'backend:8080', address: '10.96.0.11:8080' });
    expect(events[1]).toEqual({ type: 'status', status: 200, reason: 'OK' });
    expect(events.filter((e) => e.type === 'header').map((e) => e.type === 'header' && e.name)).toEqual(['Content-Type', 'Content-Length', 'Date', 'Connection']);
    expect(events[2]).toEqual({ type: 'header', name: 'Content-Type', value: 'application/json' });
  });

  it('reads the curl timing line field by field', () => {
    const { events } = parseAllSplits(loadFixture('curl', 'timing'), () => createHttpParser('curl'));
    expect(events).toEqual([{ type: 'timing', status: 200, connectMs: 0.292, firstByteMs: 1.161, totalMs: 1.2, bytes: 138 }]);
  });

  it('calls a run cut off before the end a failure even if a status line arrived', () => {
    const fx = loadFixture('busybox-wget', 'podnet-ok');
    const p = createHttpParser('busybox-wget');
    p.feed(fx.stderr.subarray(0, 80), 'stderr');
    expect(p.end(null).result).toMatchObject({ ok: false, status: 200, error: 'wget was cut off before it finished' });
  });
});
