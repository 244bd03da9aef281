// SPDY/3 name/value header blocks (draft 3.1, section 2.6.10): a 32-bit count, then for each
// header a 32-bit length and a lower-case name, a 32-bit length and the values joined by NUL.
// Blocks are compressed with zlib seeded by the SPDY dictionary, as ONE stream per direction per
// connection, each block ending in a sync flush: the peer's inflater carries its state from block
// to block, so blocks must be compressed and decompressed exactly in wire order.
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { SpdyProtocolError } from './frames.js';

export type HeaderMap = Record<string, string[]>;

export function encodeHeaderBlock(headers: Record<string, string | string[]>): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(Array.isArray(value) ? value.join('\0') : value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Rejects what spdystream's Framer rejects: short blocks, upper-case names, repeated names. */
export function decodeHeaderBlock(block: Buffer): HeaderMap {
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > block.length) throw new SpdyProtocolError('header block truncated');
    const b = block.subarray(at, at + n);
    at += n;
    return b;
  };
  const count = take(4).readUInt32BE(0);
  const headers: HeaderMap = {};
  for (let i = 0; i < count; i++) {
    const name = take(take(4).readUInt32BE(0)).toString('utf8');
    const value = take(take(4).readUInt32BE(0)).toString('utf8');
    if (name !== name.toLowerCase()) throw new SpdyProtocolError('header was not lowercased');
    if (Object.hasOwn(headers, name)) throw new SpdyProtocolError('multiple headers with same name');
    headers[name] = value.split('\0');
  }
  return headers;
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/** One direction's zlib stream; calls are queued so that blocks keep their order. */
class ZlibContext {
  private queue: Promise<unknown> = Promise.resolve();
  private output: Buffer[] = [];
  private failed: Error | undefined;
  private rejectCurrent: ((e: Error) => void) | undefined;

  constructor(private readonly z: zlib.Deflate | zlib.Inflate) {
    z.on('data', (chunk: Buffer) => this.output.push(chunk));
    z.on('error', (e: Error) => {
      this.failed = new SpdyProtocolError(`header block: ${e.message}`);
      this.rejectCurrent?.(this.failed);
    });
  }

  run(input: Buffer): Promise<Buffer> {
    const step = this.queue.then(() => new Promise<Buffer>((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.rejectCurrent = reject;
      this.z.write(input);
      this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        const out = Buffer.concat(this.output);
        this.output = [];
        if (this.failed) reject(this.failed);
        else resolve(out);
      });
    }));
    this.queue = step.catch(() => {});
    return step;
  }

  close(): void {
    this.z.close();
  }
}

export class HeaderCompressor {
  // spdystream's Framer compresses at BestCompression: the blocks are small, and so is the cost.
  private readonly ctx = new ZlibContext(zlib.createDeflate({ dictionary: SPDY3_DICTIONARY, level: zlib.constants.Z_BEST_COMPRESSION }));
  compress(headers: Record<string, string | string[]>): Promise<Buffer> {
    return this.ctx.run(encodeHeaderBlock(headers));
  }
  close(): void {
    this.ctx.close();
  }
}

export class HeaderDecompressor {
  private readonly ctx = new ZlibContext(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }));
  async decompress(compressed: Buffer): Promise<HeaderMap> {
    return decodeHeaderBlock(await this.ctx.run(compressed));
  }
  close(): void {
    this.ctx.close();
  }
}
