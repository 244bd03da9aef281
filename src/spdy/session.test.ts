import { describe, expect, it, vi } from 'vitest';
import { encodeFrame, FrameReader, RstStatus } from './frames';
import { HeaderCompressor, HeaderDecompressor } from './headerBlock';
import { KUBECTL_133_CAPTURE } from './kubectlCapture.fixture';
import { SpdySession, type SpdyStream } from './session';
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
  return { transport, state, feed: (b: Buffer) => handlers!.data(b), sent: () => new FrameReader().push(Buffer.concat(written)) };
}

// Header blocks go through zlib's thread pool, so how long a frame takes depends on the machine's load.
const tick = () => new Promise((r) => setTimeout(r, 100));
const until = (what: string, ready: () => boolean) => vi.waitFor(() => {
  if (!ready()) throw new Error(`still waiting for ${what}`);
}, { timeout: 10_000, interval: 10 });

function open(accept: (s: SpdyStream) => string | undefined = () => undefined) {
  const t = memoryTransport();
  const streams: SpdyStream[] = [];
  const session = new SpdySession(t.transport, { role: 'server', accept: (s) => (streams.push(s), accept(s)) });
  return { ...t, session, streams };
}

describe('SpdySession (the server end, as spdystream runs it)', () => {
  it('takes kubectl\'s streams, replies to each in order, and hands over their data', async () => {
    const received = new Map<number, string>();
    const { feed, sent, streams } = open((s) => void s.on('data', (d: Buffer) => received.set(s.id, (received.get(s.id) ?? '') + d)));
    feed(KUBECTL_133_CAPTURE);
    await until('four streams, their replies and data', () =>
      streams.length === 4 && sent().filter((f) => f.type === 'synReply').length === 4 && received.get(3) !== undefined && streams[1]!.readableEnded);
    expect(streams.map((s) => [s.id, s.headers])).toEqual([
      [1, { streamtype: ['error'], port: ['80'], requestid: ['0'] }],
      [3, { streamtype: ['data'], port: ['80'], requestid: ['0'] }],
      [5, { streamtype: ['error'], port: ['80'], requestid: ['1'] }],
      [7, { streamtype: ['data'], port: ['80'], requestid: ['1'] }],
    ]);
    const replies = sent().filter((f) => f.type === 'synReply') as { streamId: number; headerBlock: Buffer }[];
    expect(replies.map((r) => r.streamId)).toEqual([1, 3, 5, 7]);
    const back = new HeaderDecompressor();
    for (const r of replies) expect(await back.decompress(r.headerBlock)).toEqual({});
    back.close();
    expect(received.get(3)).toBe('GET / HTTP/1.0\r\n\r\n');
    expect(streams[0]!.readableEnded).toBe(true); // the FIN on the error stream
    expect(streams[1]!.readableEnded).toBe(true); // RST_STREAM CANCEL ends it, after the data before it
  });

  it('writes data and a FIN once the reply is out, answers client PINGs only, and resets on request', async () => {
    const { feed, sent, streams, session } = open();
    const headers = await new HeaderCompressor().compress({ port: '80' });
    feed(encodeFrame({ type: 'synStream', flags: 0, streamId: 1, associatedId: 0, priority: 0, slot: 0, headerBlock: headers }));
    await until('the stream', () => streams.length === 1);
    await streams[0]!.ready;
    streams[0]!.end(Buffer.from('pong'));
    feed(Buffer.concat([encodeFrame({ type: 'ping', id: 1 }), encodeFrame({ type: 'ping', id: 2 })]));
    await until('the data, FIN and ping reply', () => sent().length >= 4);
    session.reset(streams[0]!);
    expect(sent().map((f) => f.type)).toEqual(['synReply', 'data', 'data', 'ping', 'rstStream']);
    expect(sent().slice(1)).toEqual([
      { type: 'data', streamId: 1, flags: 0, data: Buffer.from('pong') },
      { type: 'data', streamId: 1, flags: 1, data: Buffer.alloc(0) },
      { type: 'ping', id: 1 },
      { type: 'rstStream', streamId: 1, status: RstStatus.cancel },
    ]);
  });

  it('refuses with RST_STREAM: CANCEL when the handler says no, PROTOCOL_ERROR for bad stream ids', async () => {
    const { feed, sent, streams } = open((s) => (s.id === 3 ? 'no port' : undefined));
    const z = new HeaderCompressor();
    const syn = async (streamId: number) =>
      encodeFrame({ type: 'synStream', flags: 0, streamId, associatedId: 0, priority: 0, slot: 0, headerBlock: await z.compress({}) });
    feed(Buffer.concat([await syn(3), await syn(1), await syn(4), await syn(5)]));
    await tick();
    expect(streams.map((s) => s.id)).toEqual([3, 5]);
    expect(sent().map((f) => [f.type, (f as { streamId: number }).streamId, (f as { status?: number }).status])).toEqual([
      ['rstStream', 3, RstStatus.cancel],
      ['rstStream', 1, RstStatus.protocolError],
      ['rstStream', 4, RstStatus.protocolError],
      ['synReply', 5, undefined],
    ]);
  });

  it('stops reading while a stream\'s reader is full, and starts again when it reads', async () => {
    const { feed, state, streams } = open();
    feed(encodeFrame({ type: 'synStream', flags: 0, streamId: 1, associatedId: 0, priority: 0, slot: 0, headerBlock: await new HeaderCompressor().compress({}) }));
    await tick();
    feed(encodeFrame({ type: 'data', streamId: 1, flags: 0, data: Buffer.alloc(64 * 1024) }));
    expect(state.paused).toBe(true);
    streams[0]!.read();
    await tick();
    expect(state.paused).toBe(false);
  });

  it('closes after GOAWAY once its streams are done, and on a header block it cannot inflate', async () => {
    const a = open();
    a.feed(encodeFrame({ type: 'synStream', flags: 0, streamId: 1, associatedId: 0, priority: 0, slot: 0, headerBlock: await new HeaderCompressor().compress({}) }));
    await tick();
    a.feed(encodeFrame({ type: 'goAway', lastGoodStreamId: 0, status: 0 }));
    expect(a.state.closed).toBe(false);
    a.streams[0]!.destroy();
    expect(a.state.closed).toBe(true);

    const b = open();
    b.feed(encodeFrame({ type: 'synStream', flags: 0, streamId: 1, associatedId: 0, priority: 0, slot: 0, headerBlock: Buffer.from('not zlib') }));
    await tick();
    expect(b.state.closed).toBe(true);
    expect(b.streams).toEqual([]);
  });
});
