// podnet's client end of SPDY (src/spdy/session.ts) against the lab's server end (kubelet's
// port-forward streams), wired back to back in memory: every frame one side reads, the other wrote.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { SpdySession, type SpdyStream } from '../../../spdy/session';
import type { SpdyTransport, TransportHandlers } from '../../../spdy/transport';
import { servePortForwardStreams, type ForwardOne } from './portForwardStreams';

/** Two transports joined end to end; bytes arrive a turn later, as from a socket. */
function wire(): [SpdyTransport, SpdyTransport, { bytes: number }] {
  const stats = { bytes: 0 };
  const end = (): SpdyTransport & { peer?: SpdyTransport & { h?: TransportHandlers }; h?: TransportHandlers } => {
    const t: SpdyTransport & { peer?: typeof t; h?: TransportHandlers } = {
      start: (h) => void (t.h = h),
      write: (b) => {
        stats.bytes += b.length;
        setImmediate(() => t.peer?.h?.data(b));
        return true;
      },
      onDrain: () => {},
      pause: () => {},
      resume: () => {},
      close: () => setImmediate(() => {
        t.h?.close();
        t.peer?.h?.close();
      }),
    };
    return t;
  };
  const a = end();
  const b = end();
  a.peer = b;
  b.peer = a;
  return [a, b, stats];
}

const until = (what: string, ready: () => boolean) => vi.waitFor(() => {
  if (!ready()) throw new Error(`still waiting for ${what}`);
}, { timeout: 10_000, interval: 10 });

/** A pod that echoes on 7000 and refuses everything else, as kubelet words a refusal. */
const pod: ForwardOne = async (port, client: Duplex) => {
  if (port !== 7000) return { message: `error forwarding port ${port} to pod abc, uid : connect: connection refused`, closeConnection: true };
  await new Promise<void>((resolve) => {
    client.on('data', (d: Buffer) => client.write(d));
    client.on('end', () => resolve());
    client.on('close', () => resolve());
  });
  return undefined;
};

function connectPair(session: SpdySession, port: number, requestid: string): { data: SpdyStream; error: SpdyStream } {
  const error = session.openStream({ streamtype: 'error', port: String(port), requestid });
  error.end();
  const data = session.openStream({ streamtype: 'data', port: String(port), requestid });
  return { data, error };
}

const readAll = (s: SpdyStream) => new Promise<Buffer>((resolve) => {
  const chunks: Buffer[] = [];
  s.on('data', (d: Buffer) => chunks.push(d)).on('end', () => resolve(Buffer.concat(chunks)));
});

describe('the client session against the lab\'s kubelet end', () => {
  it('carries 50 connections at once on one session, each echoed intact, then the pod ends them', async () => {
    const [clientEnd, serverEnd] = wire();
    servePortForwardStreams(serverEnd, pod);
    const session = new SpdySession(clientEnd, { role: 'client' });
    const payloads = Array.from({ length: 50 }, () => randomBytes(200 * 1024));
    const results = await Promise.all(payloads.map(async (p, i) => {
      const { data, error } = connectPair(session, 7000, String(i));
      const back = readAll(data);
      const word = readAll(error);
      data.end(p);
      return { back: await back, word: (await word).toString() };
    }));
    results.forEach((r, i) => {
      expect(r.back.equals(payloads[i]!)).toBe(true);
      expect(r.word).toBe('');
    });
    await until('every stream forgotten', () => session.streamCount === 0);
  });

  it('reads kubelet\'s refusal off the error stream, then both streams end', async () => {
    const [clientEnd, serverEnd] = wire();
    servePortForwardStreams(serverEnd, pod);
    const session = new SpdySession(clientEnd, { role: 'client' });
    const { data, error } = connectPair(session, 5433, '0');
    const word = readAll(error);
    const rest = readAll(data);
    expect(JSON.parse((await word).toString())).toEqual({ closeConnection: true, message: 'error forwarding port 5433 to pod abc, uid : connect: connection refused' });
    expect((await rest).length).toBe(0);
  });

  it('is refused stream by stream when the headers are wrong, and the session carries on', async () => {
    const [clientEnd, serverEnd] = wire();
    servePortForwardStreams(serverEnd, pod);
    const session = new SpdySession(clientEnd, { role: 'client' });
    const bad = session.openStream({ streamtype: 'stdin', port: '7000' });
    const reset = new Promise((r) => bad.on('reset', r));
    bad.resume();
    expect(await reset).toBe(5); // CANCEL
    const { data } = connectPair(session, 7000, '1');
    const back = readAll(data);
    data.end('still here');
    expect((await back).toString()).toBe('still here');
  });

  it('answers PINGs both ways', async () => {
    const [clientEnd, serverEnd] = wire();
    const server = servePortForwardStreams(serverEnd, pod);
    const session = new SpdySession(clientEnd, { role: 'client' });
    expect(await session.ping()).toBeGreaterThanOrEqual(0);
    expect(await server.ping()).toBeGreaterThanOrEqual(0);
  });
});
