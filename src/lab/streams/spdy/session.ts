// The server end of a SPDY/3.1 connection as moby/spdystream (which kubelet and kubectl both use)
// runs it: the client opens odd-numbered streams, the server answers each with SYN_REPLY (or
// RST_STREAM CANCEL when it refuses it), half-closes with an empty DATA frame flagged FIN, and
// echoes the client's PINGs. spdystream has no flow control (moby/spdystream#2, open since 2014):
// it neither sends nor honours WINDOW_UPDATE, so none is sent and incoming ones are ignored;
// TCP backpressure is what slows either side down, and this session does the same.
import { Duplex } from 'node:stream';
import { encodeFrame, FLAG_FIN, FrameReader, RstStatus, type Frame } from './frames.js';
import { HeaderCompressor, HeaderDecompressor, type HeaderMap } from './headerBlock.js';
import type { SpdyTransport } from './transport.js';

/** One client-opened stream, as a Duplex: readable = the client's DATA, writable = ours. */
export class SpdyStream extends Duplex {
  /** Settles once our SYN_REPLY is on the wire (spdystream drops DATA that comes before it), or the stream is gone. */
  readonly replied: Promise<void>;
  private markReplied: () => void = () => {};
  private peerReset = false;

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: HeaderMap,
  ) {
    super({ allowHalfOpen: true });
    this.replied = new Promise((resolve) => (this.markReplied = resolve));
    this.on('error', () => {});
  }

  /** @internal the session calls this once the reply is written. */
  repliedNow(): void {
    this.markReplied();
  }

  header(name: string): string {
    return this.headers[name]?.[0] ?? '';
  }

  /** The client reset the stream: what it sent before still reads, what we write goes nowhere. */
  resetByPeer(): void {
    this.peerReset = true;
    this.push(null);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (this.peerReset) return done();
    this.session.send({ type: 'data', streamId: this.id, flags: 0, data: chunk }, done);
  }

  override _final(done: (e?: Error | null) => void): void {
    if (this.peerReset) return done();
    this.session.send({ type: 'data', streamId: this.id, flags: FLAG_FIN, data: Buffer.alloc(0) }, done);
  }

  override _read(): void {
    this.session.unblock(this);
  }

  override _destroy(err: Error | null, done: (e?: Error | null) => void): void {
    this.markReplied(); // nobody waits on a stream that is gone
    this.session.forget(this);
    done(err);
  }
}

export type StreamHandler = (stream: SpdyStream) => string | undefined;

export class SpdySession {
  private readonly reader = new FrameReader();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly blocked = new Set<SpdyStream>();
  private readonly drainWaiters: (() => void)[] = [];
  private backlog: Frame[] = [];
  private decoding = false;
  private goneAway = false;
  private nextClientId = 1;
  private closed = false;

  /** `accept` names the reason to refuse a stream, or undefined to take it (then it is replied). */
  constructor(private readonly transport: SpdyTransport, private readonly accept: StreamHandler) {
    transport.onDrain(() => {
      for (const waiter of this.drainWaiters.splice(0)) waiter();
    });
    transport.start({ data: (chunk) => this.receive(chunk), close: () => this.shutdown() });
  }

  /** Writes one frame; `done` runs at once, or when the transport has room again. */
  send(frame: Frame, done: (e?: Error | null) => void = () => {}): void {
    if (this.closed) return done(new Error('connection closed'));
    if (this.transport.write(encodeFrame(frame))) done();
    else this.drainWaiters.push(() => done());
  }

  unblock(stream: SpdyStream): void {
    if (this.blocked.delete(stream) && this.blocked.size === 0 && !this.closed) this.transport.resume();
  }

  forget(stream: SpdyStream): void {
    this.unblock(stream);
    this.streams.delete(stream.id);
    if (this.goneAway && this.streams.size === 0) this.close();
  }

  reset(stream: SpdyStream, status: number = RstStatus.cancel): void {
    if (this.streams.has(stream.id)) this.send({ type: 'rstStream', streamId: stream.id, status });
    stream.destroy();
  }

  close(): void {
    this.transport.close();
    this.shutdown();
  }

  private receive(chunk: Buffer): void {
    try {
      this.backlog.push(...this.reader.push(chunk));
    } catch {
      return this.close(); // a frame no spdystream would send: drop the connection, as its Serve loop does
    }
    this.drainBacklog();
  }

  // Header blocks inflate asynchronously, and frames behind one must wait for it: a DATA frame
  // may only reach a stream that exists, and the inflater's state runs from block to block.
  private drainBacklog(): void {
    while (!this.decoding && this.backlog.length && !this.closed) {
      const frame = this.backlog.shift()!;
      if (frame.type !== 'synStream' && frame.type !== 'synReply' && frame.type !== 'headers') {
        this.handle(frame);
        continue;
      }
      this.decoding = true;
      this.decompressor.decompress(frame.headerBlock).then((headers) => {
        this.decoding = false;
        if (frame.type === 'synStream') this.open(frame, headers);
        this.drainBacklog();
      }, () => this.close());
    }
  }

  private handle(frame: Frame): void {
    if (frame.type === 'data') {
      const stream = this.streams.get(frame.streamId);
      if (!stream) return; // spdystream drops data for streams that are gone
      if (frame.data.length && !stream.push(frame.data) && this.blocked.add(stream).size === 1) this.transport.pause();
      if (frame.flags & FLAG_FIN) stream.push(null);
    } else if (frame.type === 'rstStream') {
      // spdystream hands a reader everything that came before the reset, then EOF.
      this.streams.get(frame.streamId)?.resetByPeer();
      this.streams.delete(frame.streamId);
    } else if (frame.type === 'ping' && frame.id % 2 === 1) {
      this.send(frame); // client PINGs are odd; the server answers each with the same frame
    } else if (frame.type === 'goAway') {
      // spdystream stops taking streams and closes the connection once the open ones are done.
      this.goneAway = true;
      if (this.streams.size === 0) this.close();
    }
    // SETTINGS, WINDOW_UPDATE and unknown types need nothing from this server.
  }

  private open(frame: Extract<Frame, { type: 'synStream' }>, headers: HeaderMap): void {
    if (this.goneAway) return;
    // spdystream's validateStreamId: ids only grow, and the client's are odd.
    if (frame.streamId < this.nextClientId || frame.streamId % 2 === 0) {
      return this.send({ type: 'rstStream', streamId: frame.streamId, status: RstStatus.protocolError });
    }
    this.nextClientId = frame.streamId + 2;
    const stream = new SpdyStream(this, frame.streamId, headers);
    this.streams.set(stream.id, stream);
    if (frame.flags & FLAG_FIN) stream.push(null);
    const refusal = this.accept(stream);
    if (refusal !== undefined) return this.reset(stream);
    // Empty headers, as apimachinery's connection replies. Compression is queued, so replies keep
    // their order; a stream's data can only follow because its handler waits for `replied`.
    this.compressor.compress({}).then((block) => {
      this.send({ type: 'synReply', flags: 0, streamId: stream.id, headerBlock: block });
      stream.repliedNow();
    }, () => this.close());
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.drainWaiters.splice(0)) waiter();
    for (const stream of [...this.streams.values()]) stream.destroy();
    this.compressor.close();
    this.decompressor.close();
  }
}
