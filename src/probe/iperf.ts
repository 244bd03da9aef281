// iperf3's text output (client or server, `-i 1 --forceflush -f m`) as events while it streams.
// Debian 12's iperf3 3.12 has no --json-stream, and plain --json prints only at the end, so the
// live Mbit/s per interval has to come from the text lines.
import type { BandwidthInterval, BandwidthResult } from './runner.js';
import { lineParser } from './lines.js';
import type { StreamParser } from './types.js';

export type IperfRole = 'client' | 'server';

export type IperfEvent =
  /** Server: bound to its port and waiting for the client. */
  | { type: 'listening'; port: number }
  /** Client: "Connecting to host H, port P" (the control connection is being opened). */
  | { type: 'connecting'; host: string; port: number }
  /** Server: the client's control connection arrived. */
  | { type: 'accepted'; from: string }
  | { type: 'interval'; interval: BandwidthInterval }
  | { type: 'summary'; side: 'sender' | 'receiver'; interval: BandwidthInterval }
  | { type: 'error'; message: string };

// "[  5]   0.00-1.00   sec  1.99 GBytes  17094 Mbits/sec  795    512 KBytes" (client, with Retr/Cwnd)
// "[  5]   2.00-3.00   sec   536 KBytes  4.39 Mbits/sec" (server); summaries end in sender/receiver.
const INTERVAL = /^\[\s*(\d+|SUM)\]\s+([\d.]+)-([\d.]+)\s+sec\s+([\d.]+)\s+([KMGT]?)Bytes\s+([\d.]+)\s+([KMGT]?)bits\/sec(.*)$/;
const LISTENING = /^Server listening on (\d+)/;
const CONNECTING = /^Connecting to host (\S+), port (\d+)/;
const ACCEPTED = /^Accepted connection from (\S+), port \d+/;
// Lines iperf3 adds after the real error ("iperf3: exiting"), or that only echo a stop we asked for.
const NOISE = /^iperf3: exiting\s*$/;

// iperf3 counts bytes in powers of 1024 and bits in powers of 1000 (unit_snprintf).
const BYTE_UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
const BIT_UNIT_IN_MBIT: Record<string, number> = { '': 1e-6, K: 1e-3, M: 1, G: 1e3, T: 1e6 };

/** "iperf3: error - unable to connect to server: Connection refused" -> "unable to connect to server: Connection refused". */
export function iperfErrorText(line: string): string {
  return line.trim().replace(/^iperf3:\s*/, '').replace(/^error - /, '');
}

export function createIperfParser(role: IperfRole): StreamParser<IperfEvent, BandwidthResult> {
  const intervals: BandwidthInterval[] = [];
  let lastEnd = 0;
  let sent: number | null = null;
  let received: number | null = null;
  let error: string | null = null;

  function onLine(line: string, stream: 'stdout' | 'stderr'): IperfEvent[] {
    let m = INTERVAL.exec(line);
    if (m) {
      const interval: BandwidthInterval = {
        startS: Number(m[2]),
        endS: Number(m[3]),
        bytes: Math.round(Number(m[4]) * BYTE_UNIT[m[5]!]!),
        mbitPerS: round3(Number(m[6]) * BIT_UNIT_IN_MBIT[m[7]!]!),
      };
      const tail = m[8]!;
      if (/\bsender\s*$/.test(tail) || /\breceiver\s*$/.test(tail)) {
        const side = /\bsender\s*$/.test(tail) ? 'sender' : 'receiver';
        if (side === 'sender') sent = interval.mbitPerS;
        else received = interval.mbitPerS;
        return [{ type: 'summary', side, interval }];
      }
      // iperf3 repeats the last interval when a test is cut short, and the server may print a
      // zero-length one at the end: only time that moves forward is a new interval.
      if (/\(omitted\)/.test(tail) || interval.endS <= lastEnd) return [];
      lastEnd = interval.endS;
      intervals.push(interval);
      return [{ type: 'interval', interval }];
    }
    if (stream === 'stderr' || /^iperf3: /.test(line)) {
      if (line.trim() === '' || NOISE.test(line)) return [];
      const message = iperfErrorText(line);
      error ??= message;
      return [{ type: 'error', message }];
    }
    if ((m = LISTENING.exec(line))) return [{ type: 'listening', port: Number(m[1]) }];
    if ((m = CONNECTING.exec(line))) return [{ type: 'connecting', host: m[1]!, port: Number(m[2]) }];
    if ((m = ACCEPTED.exec(line))) return [{ type: 'accepted', from: m[1]! }];
    return [];
  }

  function finish(exitCode: number | null): { events: IperfEvent[]; result: BandwidthResult } {
    // The client's summary has both sides; the server's only what it received.
    const complete = role === 'client' ? sent !== null && received !== null : received !== null;
    let err = error;
    if (err === null && !complete) err = exitCode === null ? 'iperf3 ended before printing its summary' : `iperf3 exited with code ${exitCode} before printing its summary`;
    if (err === null && exitCode !== 0) err = exitCode === null ? 'iperf3 was cut off after its summary' : `iperf3 exited with code ${exitCode}`;
    return {
      events: [],
      result: { ok: err === null, tool: 'iperf3', intervals, sentMbitPerS: sent, receivedMbitPerS: received, error: err },
    };
  }

  return lineParser({ onLine, finish });
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
