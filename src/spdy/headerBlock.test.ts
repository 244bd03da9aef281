import { describe, expect, it } from 'vitest';
import { FrameReader, type Frame } from './frames';
import { decodeHeaderBlock, encodeHeaderBlock, HeaderCompressor, HeaderDecompressor } from './headerBlock';
import { KUBECTL_133_CAPTURE } from './kubectlCapture.fixture';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('header blocks', () => {
  it('encode names lower-cased, with several values joined by NUL', () => {
    const block = encodeHeaderBlock({ Port: '80', accept: ['a', 'b'] });
    expect(block).toEqual(hex('00000002 00000004 706f7274 00000002 3830 00000006 616363657074 00000003 610062'));
    expect(decodeHeaderBlock(block)).toEqual({ port: ['80'], accept: ['a', 'b'] });
  });

  it('refuse what spdystream refuses: upper-case or repeated names, and short blocks', () => {
    const u32 = (n: number) => hex(n.toString(16).padStart(8, '0'));
    const block = (...names: string[]) => Buffer.concat([u32(names.length), ...names.flatMap((n) => [u32(n.length), Buffer.from(n), u32(0)])]);
    expect(decodeHeaderBlock(block('port'))).toEqual({ port: [''] });
    expect(() => decodeHeaderBlock(block('Port'))).toThrow('header was not lowercased');
    expect(() => decodeHeaderBlock(block('port', 'port'))).toThrow('multiple headers with same name');
    expect(() => decodeHeaderBlock(hex('00000001 0000000a 6162'))).toThrow('header block truncated');
  });

  it('round-trip through one compression context per direction, block after block', async () => {
    const out = new HeaderCompressor();
    const back = new HeaderDecompressor();
    const headers = { streamtype: 'data', port: '8080', requestid: '12' };
    const blocks = await Promise.all([out.compress(headers), out.compress(headers), out.compress({})]);
    expect(blocks[0]!.subarray(2, 6).toString('hex')).toBe('e3c6a7c2'); // zlib header naming the dictionary
    expect(blocks[1]!.length).toBeLessThan(blocks[0]!.length); // the second one refers back to the first
    expect(await Promise.all(blocks.map((b) => back.decompress(b)))).toEqual([
      { streamtype: ['data'], port: ['8080'], requestid: ['12'] },
      { streamtype: ['data'], port: ['8080'], requestid: ['12'] },
      {},
    ]);
    out.close();
    back.close();
  });

  it('read what kubectl 1.33 sends', async () => {
    const frames = new FrameReader().push(KUBECTL_133_CAPTURE);
    expect(frames.map((f) => `${f.type}:${'streamId' in f ? f.streamId : ''}`)).toEqual([
      'synStream:1', 'data:1', 'synStream:3', 'data:3', 'rstStream:3', 'synStream:5', 'data:5', 'synStream:7', 'data:7', 'rstStream:7',
    ]);
    const back = new HeaderDecompressor();
    const syns = frames.filter((f): f is Extract<Frame, { type: 'synStream' }> => f.type === 'synStream');
    const headers = [];
    for (const s of syns) headers.push(await back.decompress(s.headerBlock));
    expect(headers).toEqual([
      { streamtype: ['error'], port: ['80'], requestid: ['0'] },
      { streamtype: ['data'], port: ['80'], requestid: ['0'] },
      { streamtype: ['error'], port: ['80'], requestid: ['1'] },
      { streamtype: ['data'], port: ['80'], requestid: ['1'] },
    ]);
    back.close();
  });

  it('fail, not hang, on a corrupt zlib stream (spdystream\'s malformed-header fixture)', async () => {
    const corrupt = Buffer.from('gAIAAQAAABgAAAACAAAAAAAAF/nfolGyYmAAAAAA//8=', 'base64').subarray(18);
    const back = new HeaderDecompressor();
    await expect(back.decompress(corrupt)).rejects.toThrow(/header block: incorrect header check/);
    await expect(back.decompress(Buffer.alloc(4))).rejects.toThrow(/header block/);
  });
});
