import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary';
import { encodeFrame, FrameReader, RstStatus, type Frame } from './frames';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('the SPDY/3 header dictionary', () => {
  it('is the 1423 bytes whose Adler-32 (0xe3c6a7c2) every SPDY/3 header block names', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(SPDY3_DICTIONARY.subarray(0, 11)).toEqual(Buffer.from('\0\0\0\x07options', 'latin1'));
    expect(SPDY3_DICTIONARY.subarray(-6).toString()).toBe('enq=0.');
    // A zlib stream with a preset dictionary carries its Adler-32 (DICTID) after the 2-byte header.
    expect(deflateSync(Buffer.from('x'), { dictionary: SPDY3_DICTIONARY }).subarray(2, 6).toString('hex')).toBe('e3c6a7c2');
  });
});

describe('SPDY/3.1 frames', () => {
  it('lays control and data frames out as draft 3.1 section 2.2 does', () => {
    expect(encodeFrame({ type: 'ping', id: 1 })).toEqual(hex('8003 0006 00000004 00000001'));
    expect(encodeFrame({ type: 'rstStream', streamId: 3, status: RstStatus.cancel })).toEqual(hex('8003 0003 00000008 00000003 00000005'));
    expect(encodeFrame({ type: 'data', streamId: 1, flags: 1, data: Buffer.alloc(0) })).toEqual(hex('00000001 01000000'));
    expect(encodeFrame({ type: 'data', streamId: 7, flags: 0, data: Buffer.from('hi') })).toEqual(hex('00000007 00000002 6869'));
    expect(encodeFrame({ type: 'goAway', lastGoodStreamId: 5, status: 0 })).toEqual(hex('8003 0007 00000008 00000005 00000000'));
    expect(encodeFrame({ type: 'windowUpdate', streamId: 1, delta: 65536 })).toEqual(hex('8003 0009 00000008 00000001 00010000'));
    expect(encodeFrame({ type: 'synReply', flags: 0, streamId: 1, headerBlock: hex('aabb') })).toEqual(hex('8003 0002 00000006 00000001 aabb'));
    expect(encodeFrame({ type: 'settings', flags: 0, entries: [{ flags: 1, id: 7, value: 65536 }] }))
      .toEqual(hex('8003 0004 0000000c 00000001 01000007 00010000'));
  });

  const every: Frame[] = [
    { type: 'synStream', flags: 2, streamId: 9, associatedId: 3, priority: 5, slot: 1, headerBlock: hex('0102') },
    { type: 'synReply', flags: 1, streamId: 9, headerBlock: hex('03') },
    { type: 'headers', flags: 0, streamId: 9, headerBlock: hex('04') },
    { type: 'rstStream', streamId: 9, status: RstStatus.flowControlError },
    { type: 'settings', flags: 1, entries: [{ flags: 2, id: 4, value: 100 }, { flags: 0, id: 7, value: 1 << 20 }] },
    { type: 'ping', id: 0xfffffffe },
    { type: 'goAway', lastGoodStreamId: 0x7fffffff, status: 2 },
    { type: 'windowUpdate', streamId: 9, delta: 0x7fffffff },
    { type: 'data', streamId: 0x7fffffff, flags: 1, data: Buffer.alloc(300, 7) },
  ];

  it('reads back every frame it writes, lengths past 16 bits included', () => {
    expect(new FrameReader().push(Buffer.concat(every.map(encodeFrame)))).toEqual(every);
    const big = Buffer.alloc(0x1_0001, 9);
    const [frame] = new FrameReader().push(encodeFrame({ type: 'data', streamId: 5, flags: 0, data: big }));
    expect(frame?.type === 'data' && frame.data.equals(big)).toBe(true);
  });

  it('cuts frames out of a stream however it arrives: byte by byte, or split anywhere', () => {
    const wire = Buffer.concat(every.map(encodeFrame));
    const oneByOne = new FrameReader();
    const frames: Frame[] = [];
    for (let i = 0; i < wire.length; i++) frames.push(...oneByOne.push(wire.subarray(i, i + 1)));
    expect(frames).toEqual(every);
    for (const cut of [1, 7, 8, 9, 23, wire.length - 1]) {
      const r = new FrameReader();
      expect([...r.push(wire.subarray(0, cut)), ...r.push(wire.subarray(cut))]).toEqual(every);
    }
  });

  it('passes other versions and unknown control types through untouched', () => {
    // spdystream's own fixture (TestReadMalformedZlibHeader): a SPDY/2 SYN_STREAM, stream 2.
    const [frame] = new FrameReader().push(Buffer.from('gAIAAQAAABgAAAACAAAAAAAAF/nfolGyYmAAAAAA//8=', 'base64'));
    expect(frame).toMatchObject({ type: 'unknown', version: 2, controlType: 1, flags: 0 });
    expect((frame as { payload: Buffer }).payload.readUInt32BE(0)).toBe(2);
    expect(new FrameReader().push(hex('8003 000a 00000001 ff'))).toEqual([{ type: 'unknown', version: 3, controlType: 10, flags: 0, payload: hex('ff') }]);
  });

  it('refuses control frames too short for their type', () => {
    expect(() => new FrameReader().push(hex('8003 0003 00000004 00000001'))).toThrow(/RST_STREAM frame too short/);
  });
});
