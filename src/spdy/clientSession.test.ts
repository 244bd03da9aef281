import { describe, expect, it, vi } from 'vitest';
import { encodeFrame, FLAG_FIN, FrameReader, RstStatus, type Frame } from './frames';
import { HeaderCompressor } from './headerBlock';
import { KUBECTL_133_CAPTURE } from './kubectlCapture.fixture';
import { SpdySession } from './session';
import type { SpdyTransport, TransportHandlers } from './transport';

function memoryTransport() {
  let handlers: TransportHandlers | undefined;
  const written: Buffer[] = [];
  const state = { paused: false, closed: false };
  const transport: SpdyTransport = {
    start: (h) => void (handlers = h),
    write: (b) => written.push(b) > 0,
    onDrain: () => {},
    pause: () => void (state.paused = true),
    resume: () => void (state.paused = false),
    close: () => void (state.closed = true),
  };
  return {
    transport, state,
    feed: (b: Buffer) => handlers!.data(b),
    hangUp: () => handlers!.close(),
    sent: () => new FrameReader().push(Buffer.concat(written)),
  };
}

const until = (what: string, ready: () => boolean) => vi.waitFor(() => {
  if (!ready()) throw new Error(`still waiting for ${what}`);
}, { timeout: 10_000, interval: 10 });

const label = (f: Frame) => `${f.type}:${'streamId' in f ? f.streamId : ''}:${'flags' in f ? f.flags : ''}`;

function client() {
  const t = memoryTransport();
  const session = new SpdySession(t.transport, { role: 'client' });
  return { ...t, session };
}

describe('SpdySession as the client (kubectl\'s end)', () => {
  it('sends byte for byte what kubectl 1.33 sends for two forwarded connections', async () => {
    const { session, sent } = client();
    for (const requestid of ['0', '1']) {
      const error = session.openStream({ streamtype: 'error', port: '80', requestid });
      error.end();
      const data = session.openStream({ streamtype: 'data', port: '80', requestid });
      data.write('GET / HTTP/1.0\r\n\r\n');
      await until('the request on the wire', () => sent().some((f) => f.type === 'data' && f.streamId === data.id && f.data.length > 0));
      session.reset(data);
    }
    const ours = sent();
    const kubectl = new FrameReader().push(KUBECTL_133_CAPTURE);
    expect(ours.map(label)).toEqual(kubectl.map(label));
    // Header blocks included: the same headers in the same order, compressed at spdystream's level
    // with the SPDY dictionary, in one zlib stream, give the same bytes.
    expect(Buffer.concat(ours.map(encodeFrame)).toString('hex')).toBe(KUBECTL_133_CAPTURE.toString('hex'));
  });

  it('takes SYN_REPLY, data and FIN from the server, and stops reading while a reader is full', async () => {
    const { session, feed, state } = client();
    const s = session.openStream({ streamtype: 'data', port: '8080', requestid: '0' });
    const z = new HeaderCompressor();
    feed(encodeFrame({ type: 'synReply', flags: 0, streamId: s.id, headerBlock: await z.compress({}) }));
    await until('the reply', () => s.replyHeaders !== undefined);
    expect(s.replyHeaders).toEqual({});
    feed(encodeFrame({ type: 'data', streamId: s.id, flags: 0, data: Buffer.alloc(64 * 1024, 1) }));
    expect(state.paused).toBe(true);
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    await until('reading again', () => !state.paused);
    feed(encodeFrame({ type: 'data', streamId: s.id, flags: FLAG_FIN, data: Buffer.from('end') }));
    await until('the end', () => s.readableEnded);
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([Buffer.alloc(64 * 1024, 1), Buffer.from('end')]));
  });

  it('ends a stream the server resets, after what came before, and says with which status', async () => {
    const { session, feed } = client();
    const s = session.openStream({ streamtype: 'data', port: '1', requestid: '0' });
    const got: string[] = [];
    s.on('data', (d: Buffer) => got.push(d.toString()));
    const reset = new Promise((r) => s.on('reset', r));
    feed(Buffer.concat([
      encodeFrame({ type: 'data', streamId: s.id, flags: 0, data: Buffer.from('partial') }),
      encodeFrame({ type: 'rstStream', streamId: s.id, status: RstStatus.cancel }),
    ]));
    expect(await reset).toBe(RstStatus.cancel);
    await until('the end', () => s.readableEnded);
    expect(got).toEqual(['partial']);
    expect(session.streamCount).toBe(0);
  });

  it('echoes the server\'s PINGs, times its own, and refuses streams the server opens', async () => {
    const { session, feed, sent } = client();
    const rtt = session.ping();
    await until('our ping', () => sent().some((f) => f.type === 'ping'));
    expect(sent().find((f) => f.type === 'ping')).toEqual({ type: 'ping', id: 1 }); // a client's are odd
    feed(encodeFrame({ type: 'ping', id: 1 }));
    expect(await rtt).toBeGreaterThanOrEqual(0);
    feed(encodeFrame({ type: 'ping', id: 2 }));
    feed(encodeFrame({ type: 'synStream', flags: 0, streamId: 2, associatedId: 0, priority: 0, slot: 0, headerBlock: await new HeaderCompressor().compress({}) }));
    await until('the echo and the refusal', () => sent().length >= 3);
    expect(sent().slice(1)).toEqual([
      { type: 'ping', id: 2 },
      { type: 'rstStream', streamId: 2, status: RstStatus.refusedStream },
    ]);
  });

  it('after GOAWAY opens nothing more and closes once its streams are done; a lost connection ends every stream', async () => {
    const a = client();
    const s = a.session.openStream({ streamtype: 'data', port: '1', requestid: '0' });
    const goaway = new Promise((r) => a.session.on('goaway', r));
    a.feed(encodeFrame({ type: 'goAway', lastGoodStreamId: 1, status: 0 }));
    expect(await goaway).toBe(1);
    expect(a.session.closing).toBe(true);
    expect(() => a.session.openStream({ streamtype: 'data', port: '1', requestid: '1' })).toThrow(/closing/);
    expect(a.state.closed).toBe(false);
    a.session.reset(s);
    expect(a.state.closed).toBe(true);

    const b = client();
    const t = b.session.openStream({ streamtype: 'data', port: '1', requestid: '0' });
    const closed = new Promise((r) => t.on('close', r));
    b.hangUp();
    await closed;
    expect(t.readableEnded).toBe(false); // ended by loss, not by a FIN: the caller can tell
    expect(b.session.isClosed).toBe(true);
  });

  it('sends a reset asked for before the SYN_STREAM went out after it, never before', async () => {
    const { session, sent } = client();
    const s = session.openStream({ streamtype: 'error', port: '80', requestid: '0' });
    session.reset(s); // the header block is still being compressed
    await until('both frames', () => sent().length === 2);
    expect(sent().map(label)).toEqual(['synStream:1:0', 'rstStream:1:']);
  });
});
