import { describe, expect, it } from 'vitest';
import { encodeFrame, FLAG_FIN, FrameReader, RstStatus } from '../../../spdy/frames';
import { HeaderCompressor } from '../../../spdy/headerBlock';
import { parsePort, servePortForwardStreams, type ForwardOne } from './portForwardStreams';
import type { SpdyTransport, TransportHandlers } from '../../../spdy/transport';

function client(forward: ForwardOne) {
  let handlers: TransportHandlers | undefined;
  const written: Buffer[] = [];
  const transport: SpdyTransport = {
    start: (h) => void (handlers = h), write: (b) => written.push(b) > 0, onDrain: () => {},
    pause: () => {}, resume: () => {}, close: () => {},
  };
  servePortForwardStreams(transport, forward);
  const z = new HeaderCompressor();
  return {
    open: async (streamId: number, headers: Record<string, string>) => handlers!.data(encodeFrame({
      type: 'synStream', flags: 0, streamId, associatedId: 0, priority: 0, slot: 0, headerBlock: await z.compress(headers),
    })),
    fin: (streamId: number) => handlers!.data(encodeFrame({ type: 'data', streamId, flags: FLAG_FIN, data: Buffer.alloc(0) })),
    sent: () => new FrameReader().push(Buffer.concat(written)).filter((f) => f.type !== 'synReply'),
  };
}

// Header blocks go through zlib's thread pool: give a loaded machine time.
const tick = () => new Promise((r) => setTimeout(r, 100));

describe('port-forward streams over SPDY (kubelet\'s httpStreamHandler)', () => {
  it('pairs error and data streams, forwards, then sends the failure as JSON and half-closes error, then data', async () => {
    const calls: number[] = [];
    const c = client(async (port) => {
      calls.push(port);
      return { message: 'refused <here> & "there"', closeConnection: true };
    });
    await c.open(1, { streamtype: 'error', port: '8080', requestid: '0' });
    c.fin(1);
    await c.open(3, { streamtype: 'data', port: '8080', requestid: '0' });
    await tick();
    expect(calls).toEqual([8080]);
    expect(c.sent()).toEqual([
      { type: 'data', streamId: 1, flags: 0, data: Buffer.from('{"closeConnection":true,"message":"refused \\u003chere\\u003e \\u0026 \\"there\\""}\n') },
      { type: 'data', streamId: 1, flags: FLAG_FIN, data: Buffer.alloc(0) },
      { type: 'data', streamId: 3, flags: FLAG_FIN, data: Buffer.alloc(0) },
    ]);
  });

  it('pairs the streams of old clients, which send no requestid, by stream id', async () => {
    const calls: number[] = [];
    const c = client(async (port) => (calls.push(port), { message: 'reset', closeConnection: false }));
    await c.open(1, { streamtype: 'error', port: '80' });
    await c.open(3, { streamtype: 'data', port: '80' });
    await tick();
    expect(calls).toEqual([80]);
    expect(c.sent()[0]).toEqual({ type: 'data', streamId: 1, flags: 0, data: Buffer.from('{"message":"reset"}\n') });
  });

  it('resets streams whose headers kubelet refuses', async () => {
    const c = client(async () => undefined);
    await c.open(1, { streamtype: 'error' });
    await c.open(3, { streamtype: 'data', port: '0' });
    await c.open(5, { streamtype: 'stdin', port: '80' });
    await c.open(7, { port: '80' });
    await tick();
    expect(c.sent()).toEqual([1, 3, 5, 7].map((streamId) => ({ type: 'rstStream', streamId, status: RstStatus.cancel })));
  });

  it('parses ports as Go\'s strconv.ParseUint(s, 10, 16) does', () => {
    expect(parsePort('080')).toBe(80);
    expect(parsePort('65535')).toBe(65535);
    expect(parsePort('65536')).toBe('unable to parse "65536" as a port: strconv.ParseUint: parsing "65536": value out of range');
    expect(parsePort('+80')).toBe('unable to parse "+80" as a port: strconv.ParseUint: parsing "+80": invalid syntax');
    expect(parsePort('0')).toBe('port "0" must be > 0');
  });
});
