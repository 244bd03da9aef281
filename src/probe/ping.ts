import { lineParser } from './lines.js';
import { lossPct, rttStats } from './stats.js';
import { TOOL_LABEL, type PingReply, type PingResult, type PingTool, type StreamParser } from './types.js';

export type PingEvent =
  | { type: 'start'; host: string; ip: string }
  | { type: 'reply'; seq: number; ttl: number; rttMs: number; from: string; dup?: true; late?: true }
  /** A sequence number that got no reply; `reason` says how we know. */
  | { type: 'lost'; seq: number; reason: 'gap' | 'no-answer' | 'trailing' }
  /** An ICMP error in place of a reply (counts as a loss). */
  | { type: 'icmp-error'; seq: number; from: string; message: string }
  | { type: 'summary'; sent: number; received: number; lossPct: number }
  | { type: 'error'; message: string };

// busybox: "64 bytes from 10.244.0.4: seq=0 ttl=64 time=0.122 ms"
// iputils: "64 bytes from 10.244.0.4: icmp_seq=1 ttl=64 time=0.129 ms" (with "NAME (IP)" for names)
const REPLY = /^\d+ bytes from (.+?): (?:icmp_)?seq=(\d+) ttl=(\d+) time[=<]([\d.]+) ms(.*)$/;
const START = /^PING (\S+) \(([^)]+)\)/;
const NO_ANSWER = /^no answer yet for icmp_seq=(\d+)/;
const ICMP_ERROR = /^From (\S+)(?: \([^)]*\))? icmp_seq=(\d+) (.+)$/;
// busybox: "40 packets transmitted, 22 packets received, 45% packet loss"
// iputils: "5 packets transmitted, 0 received, +3 errors, 100% packet loss, time 4076ms"
const SUMMARY = /^(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+\d+ duplicates)?(?:, \+\d+ errors)?, ([\d.]+)% packet loss/;
const RTT = /^(?:round-trip|rtt) min\/avg\/max(?:\/mdev)? = ([\d./]+) ms/;

export function createPingParser(tool: PingTool): StreamParser<PingEvent, PingResult> {
  // busybox numbers echo requests from 0, iputils from 1: needed to spot a loss before the first reply.
  const firstSeq = tool === 'busybox-ping' ? 0 : 1;
  let nextSeq = firstSeq;
  let target: string | null = null;
  const replies: PingReply[] = [];
  const answered = new Set<number>();
  const lost = new Set<number>();
  let icmpErrors = 0;
  let firstIcmpError: string | null = null;
  const stderr: string[] = [];
  let summary: PingResult['toolSummary'] = null;

  // Marks everything between the last seen sequence number and `upTo` (exclusive) as lost.
  function gap(upTo: number, reason: 'gap' | 'trailing'): PingEvent[] {
    const events: PingEvent[] = [];
    for (let seq = nextSeq; seq < upTo; seq++) {
      if (answered.has(seq) || lost.has(seq)) continue;
      lost.add(seq);
      events.push({ type: 'lost', seq, reason });
    }
    nextSeq = Math.max(nextSeq, upTo);
    return events;
  }

  function onLine(line: string, stream: 'stdout' | 'stderr'): PingEvent[] {
    if (stream === 'stderr') {
      if (line.trim() === '') return [];
      stderr.push(line);
      return [{ type: 'error', message: line }];
    }
    let m = REPLY.exec(line);
    if (m) {
      const seq = Number(m[2]);
      const reply = { seq, ttl: Number(m[3]), rttMs: Number(m[4]) };
      const base = { type: 'reply' as const, ...reply, from: m[1]! };
      if (m[5]!.includes('DUP!') || answered.has(seq)) return [{ ...base, dup: true }];
      const events = gap(seq, 'gap');
      // A reply to a sequence already written off arrived late: it was not lost after all.
      const late = lost.delete(seq);
      answered.add(seq);
      replies.push(reply);
      nextSeq = Math.max(nextSeq, seq + 1);
      return [...events, late ? { ...base, late: true } : base];
    }
    if ((m = NO_ANSWER.exec(line))) {
      const seq = Number(m[1]);
      const events = gap(seq, 'gap');
      if (!answered.has(seq) && !lost.has(seq)) {
        lost.add(seq);
        events.push({ type: 'lost', seq, reason: 'no-answer' });
      }
      nextSeq = Math.max(nextSeq, seq + 1);
      return events;
    }
    if ((m = ICMP_ERROR.exec(line))) {
      const seq = Number(m[2]);
      const events = gap(seq, 'gap');
      icmpErrors++;
      firstIcmpError ??= `${m[3]} (from ${m[1]})`;
      lost.add(seq);
      nextSeq = Math.max(nextSeq, seq + 1);
      return [...events, { type: 'icmp-error', seq, from: m[1]!, message: m[3]! }];
    }
    if ((m = START.exec(line))) {
      target = m[1]!;
      return [{ type: 'start', host: m[1]!, ip: m[2]! }];
    }
    if ((m = SUMMARY.exec(line))) {
      summary = { sent: Number(m[1]), received: Number(m[2]), lossPct: Number(m[3]) };
      // Losses after the last reply show up only here, once the tool says how many it sent.
      const events = gap(firstSeq + summary.sent, 'trailing');
      return [...events, { type: 'summary', sent: summary.sent, received: summary.received, lossPct: lossPct(summary.sent, summary.received) }];
    }
    if ((m = RTT.exec(line)) && summary) {
      const [min, avg, max, mdev] = m[1]!.split('/').map(Number);
      Object.assign(summary, mdev === undefined ? { min, avg, max } : { min, avg, max, mdev });
    }
    return [];
  }

  function finish(exitCode: number | null): { events: PingEvent[]; result: PingResult } {
    const sent = summary?.sent ?? nextSeq - firstSeq;
    const received = summary?.received ?? replies.length;
    let error: string | null = null;
    if (received === 0) {
      error = stderr[0] ?? firstIcmpError ?? (sent > 0 ? `no reply from ${target ?? 'the target'} (${sent} sent)` : null);
      error ??= exitCode === null ? 'ping ended before sending anything' : `ping exited with code ${exitCode}`;
    }
    const result: PingResult = {
      ok: received > 0,
      tool: TOOL_LABEL[tool],
      sent,
      received,
      lossPct: lossPct(sent, received),
      rttMs: rttStats(replies.map((r) => r.rttMs)),
      replies,
      lost: [...lost].sort((a, b) => a - b),
      icmpErrors,
      toolSummary: summary,
      error,
    };
    return { events: [], result };
  }

  return lineParser({ onLine, finish });
}
