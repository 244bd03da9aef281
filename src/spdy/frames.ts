// SPDY/3.1 framing (draft 3.1, section 2.2): an 8-byte header, then the payload. Control frames
// have the high bit set, a version, a type, flags and a 24-bit length; data frames a 31-bit stream
// id, flags and length. Header blocks travel here still compressed: `headerBlock.ts` owns zlib,
// because its state spans frames and the order in which they are read or written.

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;
const HEADER_SIZE = 8;
export const MAX_FRAME_LENGTH = 0xffffff;

export const ControlType = {
  synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9,
} as const;

/** RST_STREAM status codes (section 2.6.3), the names spdystream uses. */
export const RstStatus = {
  protocolError: 1, invalidStream: 2, refusedStream: 3, unsupportedVersion: 4, cancel: 5,
  internalError: 6, flowControlError: 7, streamInUse: 8, streamAlreadyClosed: 9,
} as const;

export interface SettingsEntry { flags: number; id: number; value: number }

export type Frame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | { type: 'synStream'; flags: number; streamId: number; associatedId: number; priority: number; slot: number; headerBlock: Buffer }
  | { type: 'synReply' | 'headers'; flags: number; streamId: number; headerBlock: Buffer }
  | { type: 'rstStream'; streamId: number; status: number }
  | { type: 'settings'; flags: number; entries: SettingsEntry[] }
  | { type: 'ping'; id: number }
  | { type: 'goAway'; lastGoodStreamId: number; status: number }
  | { type: 'windowUpdate'; streamId: number; delta: number }
  | { type: 'unknown'; version: number; controlType: number; flags: number; payload: Buffer };

export class SpdyProtocolError extends Error {}

function control(type: number, flags: number, payload: Buffer): Buffer {
  if (payload.length > MAX_FRAME_LENGTH) throw new SpdyProtocolError('control frame too large');
  const frame = Buffer.allocUnsafe(HEADER_SIZE + payload.length);
  frame.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  frame.writeUInt16BE(type, 2);
  frame.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  payload.copy(frame, HEADER_SIZE);
  return frame;
}

const words = (...values: number[]): Buffer => {
  const b = Buffer.allocUnsafe(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
};

/** One frame as bytes; header blocks must already be compressed. */
export function encodeFrame(f: Frame): Buffer {
  switch (f.type) {
    case 'data': {
      if (f.data.length > MAX_FRAME_LENGTH) throw new SpdyProtocolError('data frame too large');
      const head = words(f.streamId & 0x7fffffff, ((f.flags & 0xff) << 24 | f.data.length) >>> 0);
      return Buffer.concat([head, f.data]);
    }
    case 'synStream': {
      const fixed = Buffer.allocUnsafe(10);
      fixed.writeUInt32BE(f.streamId & 0x7fffffff, 0);
      fixed.writeUInt32BE(f.associatedId & 0x7fffffff, 4);
      fixed.writeUInt8((f.priority & 0x7) << 5, 8);
      fixed.writeUInt8(f.slot & 0xff, 9);
      return control(ControlType.synStream, f.flags, Buffer.concat([fixed, f.headerBlock]));
    }
    case 'synReply':
    case 'headers':
      return control(ControlType[f.type], f.flags, Buffer.concat([words(f.streamId & 0x7fffffff), f.headerBlock]));
    case 'rstStream':
      return control(ControlType.rstStream, 0, words(f.streamId & 0x7fffffff, f.status));
    case 'settings':
      return control(ControlType.settings, f.flags, words(f.entries.length,
        ...f.entries.flatMap((e) => [((e.flags & 0xff) << 24 | (e.id & 0xffffff)) >>> 0, e.value])));
    case 'ping':
      return control(ControlType.ping, 0, words(f.id));
    case 'goAway':
      return control(ControlType.goAway, 0, words(f.lastGoodStreamId & 0x7fffffff, f.status));
    case 'windowUpdate':
      return control(ControlType.windowUpdate, 0, words(f.streamId & 0x7fffffff, f.delta & 0x7fffffff));
    case 'unknown':
      return control(f.controlType, f.flags, f.payload);
  }
}

function need(p: Buffer, n: number, what: string): void {
  if (p.length < n) throw new SpdyProtocolError(`${what} frame too short (${p.length} bytes)`);
}

function decodeControl(version: number, type: number, flags: number, p: Buffer): Frame {
  if (version !== SPDY_VERSION) return { type: 'unknown', version, controlType: type, flags, payload: p };
  const id = (at: number) => p.readUInt32BE(at) & 0x7fffffff;
  switch (type) {
    case ControlType.synStream:
      need(p, 10, 'SYN_STREAM');
      return { type: 'synStream', flags, streamId: id(0), associatedId: id(4), priority: p[8]! >> 5, slot: p[9]!, headerBlock: p.subarray(10) };
    case ControlType.synReply:
    case ControlType.headers:
      need(p, 4, 'SYN_REPLY/HEADERS');
      return { type: type === ControlType.synReply ? 'synReply' : 'headers', flags, streamId: id(0), headerBlock: p.subarray(4) };
    case ControlType.rstStream:
      need(p, 8, 'RST_STREAM');
      return { type: 'rstStream', streamId: id(0), status: p.readUInt32BE(4) };
    case ControlType.settings: {
      need(p, 4, 'SETTINGS');
      const count = p.readUInt32BE(0);
      need(p, 4 + count * 8, 'SETTINGS');
      const entries = Array.from({ length: count }, (_, i) => {
        const word = p.readUInt32BE(4 + i * 8);
        return { flags: word >>> 24, id: word & 0xffffff, value: p.readUInt32BE(8 + i * 8) };
      });
      return { type: 'settings', flags, entries };
    }
    case ControlType.ping:
      need(p, 4, 'PING');
      return { type: 'ping', id: p.readUInt32BE(0) };
    case ControlType.goAway:
      need(p, 8, 'GOAWAY');
      return { type: 'goAway', lastGoodStreamId: id(0), status: p.readUInt32BE(4) };
    case ControlType.windowUpdate:
      need(p, 8, 'WINDOW_UPDATE');
      return { type: 'windowUpdate', streamId: id(0), delta: p.readUInt32BE(4) & 0x7fffffff };
    default:
      return { type: 'unknown', version, controlType: type, flags, payload: p };
  }
}

/** Cuts a byte stream (TCP, or WebSocket messages of any size) into frames. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private total = 0;
  /** Bytes needed before the next frame can be cut: pieces are joined once, not per chunk. */
  private needed = HEADER_SIZE;

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.total < this.needed) return [];
    let buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.total);
    const frames: Frame[] = [];
    this.needed = HEADER_SIZE;
    while (buf.length >= HEADER_SIZE) {
      const length = buf.readUInt32BE(4) & 0xffffff;
      if (buf.length < HEADER_SIZE + length) {
        this.needed = HEADER_SIZE + length;
        break;
      }
      const payload = buf.subarray(HEADER_SIZE, HEADER_SIZE + length);
      const first = buf.readUInt32BE(0);
      const flags = buf[4]!;
      frames.push(first & 0x80000000
        ? decodeControl((first >>> 16) & 0x7fff, first & 0xffff, flags, payload)
        : { type: 'data', streamId: first & 0x7fffffff, flags, data: payload });
      buf = buf.subarray(HEADER_SIZE + length);
    }
    this.chunks = buf.length ? [buf] : [];
    this.total = buf.length;
    return frames;
  }
}
