// One SPDY/3.1 connection as moby/spdystream (which kubelet and kubectl both use) runs it, from
// either end. The client opens odd-numbered streams with SYN_STREAM; the server answers each with
// SYN_REPLY (or RST_STREAM CANCEL when it refuses it); either side half-closes with an empty DATA
// frame flagged FIN, resets with RST_STREAM, and echoes the other side's PINGs (the client's ids
// are odd, the server's even). spdystream has no flow control (moby/spdystream#2, open since 2014):
// it neither sends nor honours WINDOW_UPDATE, so none is sent and incoming ones are ignored; TCP
// backpressure is what slows either side down, and this session does the same: while a stream's
// reader is full, the whole connection stops reading.
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import { encodeFrame, FLAG_FIN, FrameReader, MAX_FRAME_LENGTH, RstStatus, type Frame } from './frames.js';
import { HeaderCompressor, HeaderDecompressor, type HeaderMap } from './headerBlock.js';
import type { SpdyTransport } from './transport.js';

/** One stream, as a Duplex: readable = the peer's DATA, writable = ours (FIN on end()). */
export class SpdyStream extends Duplex {
  /**
   * Settles once our opening frame (SYN_STREAM from a client, SYN_REPLY from a server) is on the
   * wire, or the stream is gone. Writes wait for it on their own: spdystream drops DATA for a
   * stream it does not know yet.
   */
  readonly ready: Promise<void>;
  /** The peer's SYN_REPLY headers, once it has replied (client streams only). */
  replyHeaders: HeaderMap | undefined;
  /** The peer's RST_STREAM status, when it reset the stream. */
  resetStatus: number | undefined;
  /** @internal set once the opening frame is written; a reset asked for earlier is sent after it. */
  openingSent = false;
  /** @internal a local reset that waits for the opening frame. */
  pendingReset: number | undefined;
  private markReady: () => void = () => {};

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: HeaderMap,
    highWaterMark?: number,
  ) {
    super({ allowHalfOpen: true, readableHighWaterMark: highWaterMark });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.on('error', () => {});
  }

  /** @internal the session calls this once the opening frame is written. */
  openedNow(): void {
    this.openingSent = true;
    this.markReady();
  }

  header(name: string): string {
    return this.headers[name]?.[0] ?? '';
  }

  /** The peer reset the stream: what it sent before still reads, what we write goes nowhere. */
  resetByPeer(status: number): void {
    this.resetStatus = status;
    this.push(null);
    this.emit('reset', status);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (!this.openingSent) return void this.ready.then(() => this._write(chunk, _enc, done));
    if (this.resetStatus !== undefined) return done();
    if (chunk.length <= MAX_FRAME_LENGTH) return this.session.send({ type: 'data', streamId: this.id, flags: 0, data: chunk }, done);
    this.session.send({ type: 'data', streamId: this.id, flags: 0, data: chunk.subarray(0, MAX_FRAME_LENGTH) });
    this._write(chunk.subarray(MAX_FRAME_LENGTH), _enc, done);
  }

  override _final(done: (e?: Error | null) => void): void {
    if (!this.openingSent) return void this.ready.then(() => this._final(done));
    if (this.resetStatus !== undefined) return done();
    this.session.send({ type: 'data', streamId: this.id, flags: FLAG_FIN, data: Buffer.alloc(0) }, done);
  }

  override _read(): void {
    this.session.unblock(this);
  }

  override _destroy(err: Error | null, done: (e?: Error | null) => void): void {
    this.markReady(); // nobody waits on a stream that is gone
    this.session.forget(this);
    done(err);
  }
}

/** Server: the reason to refuse a stream the client opened, or undefined to take it (then it is replied). */
export type StreamHandler = (stream: SpdyStream) => string | undefined;

export type SessionOptions =
  | { role: 'server'; accept: StreamHandler; streamHighWaterMark?: number }
  | { role: 'client'; streamHighWaterMark?: number };

export class SpdySession extends EventEmitter<{ close: []; goaway: [lastGoodStreamId: number] }> {
  private readonly reader = new FrameReader();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly blocked = new Set<SpdyStream>();
  private readonly drainWaiters: (() => void)[] = [];
  private readonly pings = new Map<number, () => void>();
  private backlog: Frame[] = [];
  private decoding = false;
  private goneAway = false;
  /** The next id the peer may open (server role). */
  private nextPeerId = 1;
  /** The next id we open (client role) and ping with: odd for a client, even for a server. */
  private nextLocalId: number;
  private nextPingId: number;
  private closed = false;
  private readonly role: 'server' | 'client';

  constructor(private readonly transport: SpdyTransport, private readonly options: SessionOptions) {
    super();
    this.role = options.role;
    this.nextLocalId = this.role === 'client' ? 1 : 2;
    this.nextPingId = this.nextLocalId;
    transport.onDrain(() => {
      for (const waiter of this.drainWaiters.splice(0)) waiter();
    });
    transport.start({ data: (chunk) => this.receive(chunk), close: () => this.shutdown() });
  }

  /** Open streams (not yet fully closed or reset). */
  get streamCount(): number {
    return this.streams.size;
  }

  /** No new stream can be opened: the connection closed, or a GOAWAY went either way, or ids ran out. */
  get closing(): boolean {
    return this.closed || this.goneAway || this.nextLocalId > 0x7ffffff0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Client: opens a stream. Its SYN_STREAM goes out once the header block is compressed (blocks
   * are compressed, and so sent, in call order, as the peer's inflater needs); data written
   * before then waits. The peer's reply is not waited for: kubelet takes DATA on a stream it has
   * seen the SYN_STREAM of, and a refusal comes back as RST_STREAM (the stream's 'reset').
   */
  openStream(headers: Record<string, string>): SpdyStream {
    if (this.role !== 'client') throw new Error('only the client end opens streams');
    if (this.closing) throw new Error('the SPDY connection is closing');
    const id = this.nextLocalId;
    this.nextLocalId += 2;
    const names: HeaderMap = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]]));
    const stream = new SpdyStream(this, id, names, this.options.streamHighWaterMark);
    this.streams.set(id, stream);
    this.compressor.compress(headers).then((block) => {
      // Sent even for a stream already reset here: the block is in the peer's zlib stream now.
      this.send({ type: 'synStream', flags: 0, streamId: id, associatedId: 0, priority: 0, slot: 0, headerBlock: block });
      stream.openedNow();
      if (stream.pendingReset !== undefined) this.send({ type: 'rstStream', streamId: id, status: stream.pendingReset });
    }, () => this.close());
    return stream;
  }

  /** Sends a PING; resolves with the round trip in ms when the peer echoes it. */
  ping(): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the SPDY connection is closed'));
    const id = this.nextPingId;
    this.nextPingId += 2;
    if (this.nextPingId > 0x7fffffff) this.nextPingId = this.role === 'client' ? 1 : 2;
    const t0 = performance.now();
    return new Promise((resolve) => {
      this.pings.set(id, () => resolve(performance.now() - t0));
      this.send({ type: 'ping', id });
    });
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
    if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id);
    if (this.goneAway && this.streams.size === 0) this.close();
  }

  /** Resets a stream (after its opening frame, if that is still on its way) and destroys it. */
  reset(stream: SpdyStream, status: number = RstStatus.cancel): void {
    if (this.streams.get(stream.id) === stream && stream.resetStatus === undefined && stream.pendingReset === undefined) {
      if (stream.openingSent) this.send({ type: 'rstStream', streamId: stream.id, status });
      else stream.pendingReset = status;
    }
    stream.destroy();
  }

  /** Says no more streams will come (GOAWAY) and closes once the open ones are done. */
  goAway(): void {
    if (this.closed || this.goneAway) return;
    this.goneAway = true;
    this.send({ type: 'goAway', lastGoodStreamId: this.role === 'server' ? this.nextPeerId - 2 : 0, status: 0 });
    if (this.streams.size === 0) this.close();
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
        else if (frame.type === 'synReply') this.replied(frame.streamId, headers);
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
      const stream = this.streams.get(frame.streamId);
      this.streams.delete(frame.streamId);
      stream?.resetByPeer(frame.status);
      if (this.goneAway && this.streams.size === 0) this.close();
    } else if (frame.type === 'ping') {
      if (frame.id % 2 === this.nextPingId % 2) {
        const answered = this.pings.get(frame.id);
        this.pings.delete(frame.id);
        answered?.();
      } else {
        this.send(frame); // the peer's PING: echo it as it came
      }
    } else if (frame.type === 'goAway') {
      // spdystream stops taking streams and closes the connection once the open ones are done.
      this.goneAway = true;
      this.emit('goaway', frame.lastGoodStreamId);
      if (this.streams.size === 0) this.close();
    }
    // SETTINGS, WINDOW_UPDATE and unknown types need nothing from either end.
  }

  private replied(streamId: number, headers: HeaderMap): void {
    const stream = this.streams.get(streamId);
    if (!stream || this.role !== 'client') return;
    stream.replyHeaders = headers;
    stream.emit('reply', headers);
  }

  private open(frame: Extract<Frame, { type: 'synStream' }>, headers: HeaderMap): void {
    if (this.goneAway) return;
    // The server opens no streams for port-forward or exec: a client refuses them, as kubectl does.
    if (this.role === 'client') return this.send({ type: 'rstStream', streamId: frame.streamId, status: RstStatus.refusedStream });
    // spdystream's validateStreamId: ids only grow, and the client's are odd.
    if (frame.streamId < this.nextPeerId || frame.streamId % 2 === 0) {
      return this.send({ type: 'rstStream', streamId: frame.streamId, status: RstStatus.protocolError });
    }
    this.nextPeerId = frame.streamId + 2;
    const stream = new SpdyStream(this, frame.streamId, headers, this.options.streamHighWaterMark);
    this.streams.set(stream.id, stream);
    if (frame.flags & FLAG_FIN) stream.push(null);
    const refusal = this.options.role === 'server' ? this.options.accept(stream) : 'no streams taken';
    if (refusal !== undefined) {
      stream.openingSent = true; // a refusal needs no reply first
      return this.reset(stream);
    }
    // Empty headers, as apimachinery's connection replies. Compression is queued, so replies keep
    // their order; a stream's data can only follow: its writes wait for `ready`.
    this.compressor.compress({}).then((block) => {
      this.send({ type: 'synReply', flags: 0, streamId: stream.id, headerBlock: block });
      stream.openedNow();
      if (stream.pendingReset !== undefined) this.send({ type: 'rstStream', streamId: stream.id, status: stream.pendingReset });
    }, () => this.close());
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.drainWaiters.splice(0)) waiter();
    this.pings.clear();
    for (const stream of [...this.streams.values()]) stream.destroy();
    this.compressor.close();
    this.decompressor.close();
    this.emit('close');
  }
}
