// How a probe run reads to people and programs: one text line per event as it arrives, a
// summary at the end, and the `probe --json` object of DESIGN.md. Pure; every string that came
// from a pod or the cluster goes through cleanText.
import { cleanText } from '../state/sanitize.js';
import type { DnsResult, HttpResult, PingReply, PingResult, TcpResult, TcpState } from './types.js';
import { TOOL_LABEL } from './types.js';
import type { BandwidthInterval, BandwidthResult, EndReason, RunEvent, RunKind, RunOutcome } from './runner.js';

export interface EndInfo {
  namespace: string | null;
  pod: string | null;
  ip: string | null;
  node: string | null;
  /** The name a DNS probe looked up, or the host name given as the target. */
  name?: string;
  container?: string;
}

const ms = (n: number | null | undefined) => (n === null || n === undefined ? '?' : `${n} ms`);

/** One line for a RunEvent, or null for events that add nothing to a text log. */
export function eventLine(e: RunEvent): string | null {
  switch (e.type) {
    case 'tool':
      return `using ${TOOL_LABEL[e.tool as keyof typeof TOOL_LABEL] ?? e.tool}${e.container ? ` in container ${cleanText(e.container)}` : ''}${e.note ? ` (${cleanText(e.note)})` : ''}`;
    case 'progress':
      return cleanText(e.text);
    case 'bandwidth':
      return `${e.interval.startS.toFixed(1)}-${e.interval.endS.toFixed(1)} s  ${e.interval.mbitPerS.toFixed(1)} Mbit/s`;
    case 'probe': {
      const p = e.event;
      switch (p.type) {
        case 'reply':
          return `reply from ${cleanText(p.from)}: seq=${p.seq} ttl=${p.ttl} time=${p.rttMs} ms${p.dup ? ' (DUP)' : ''}${p.late ? ' (late)' : ''}`;
        case 'lost':
          return `seq=${p.seq} lost`;
        case 'icmp-error':
          return `seq=${p.seq} ${cleanText(p.message)} (from ${cleanText(p.from)})`;
        case 'status':
          return `HTTP ${p.status} ${cleanText(p.reason)}`.trimEnd();
        case 'title':
          return `title: ${cleanText(p.title)}`;
        case 'connecting':
          return `connecting to ${cleanText(p.host)} (${cleanText(p.address)})`;
        case 'open':
          return `open${p.connectMs !== null ? ` (connect ${p.connectMs} ms)` : ''}`;
        case 'failed':
          return `${p.state}: ${cleanText(p.message)}`;
        case 'record':
          return `${cleanText(p.record.name)} ${p.record.type} ${cleanText(p.record.data)}`;
        case 'failure':
          return `${cleanText(p.name)}: ${cleanText(p.rcode)}`;
        case 'server':
          return `server ${cleanText(p.server)}`;
        case 'error':
          return cleanText(p.message);
        default:
          return null;
      }
    }
  }
}

/** The closing lines: what the tool found, as a summary. */
export function summaryLines(o: RunOutcome): string[] {
  const r = o.result;
  const lines: string[] = [];
  if (r && o.ranKind === 'ping') {
    const p = r as PingResult;
    lines.push(`--- ${p.sent} sent, ${p.received} received, ${p.lossPct}% loss`);
    if (p.rttMs) lines.push(`rtt min/avg/max/mdev = ${p.rttMs.min}/${p.rttMs.avg}/${p.rttMs.max}/${p.rttMs.mdev} ms`);
  } else if (r && o.ranKind === 'http') {
    const h = r as HttpResult;
    if (h.status !== null) {
      const parts = [`connect ${ms(h.connectMs)}`, `first byte ${ms(h.firstByteMs)}`, `total ${ms(h.totalMs)}`].filter((s) => !s.endsWith('?'));
      lines.push(`--- HTTP ${h.status}${parts.length ? ` (${parts.join(', ')})` : ''}${h.bytes !== null ? `, ${h.bytes} bytes` : ''}${h.title ? `, title "${cleanText(h.title)}"` : ''}`);
    }
  } else if (r && o.ranKind === 'tcp') {
    const t = r as TcpResult;
    lines.push(`--- port ${t.port} ${t.state}${t.connectMs !== null ? ` (connect ${t.connectMs} ms)` : ''}`);
  } else if (r && o.ranKind === 'dns') {
    const d = r as DnsResult;
    if (d.answers.length) lines.push(`--- ${cleanText(d.query)} -> ${d.answers.map(cleanText).join(', ')}${d.server ? ` (server ${cleanText(d.server)})` : ''}`);
  } else if (r && (o.ranKind === 'bandwidth' || o.tool === 'iperf3')) {
    const b = r as BandwidthResult;
    const mbit = (n: number | null) => (n === null ? '?' : `${n} Mbit/s`);
    if (b.sentMbitPerS !== null || b.receivedMbitPerS !== null) lines.push(`--- sender ${mbit(b.sentMbitPerS)}, receiver ${mbit(b.receivedMbitPerS)}`);
  }
  const error = errorOf(o);
  if (error && !(o.reason === 'stopped')) lines.push(`error: ${error}`);
  return lines;
}

/** The one sentence that says why the probe did not succeed, if it did not. */
export function errorOf(o: RunOutcome): string | null {
  if (o.message) return cleanText(o.message);
  const r = o.result as { ok?: boolean; error?: string | null } | null;
  if (r && !r.ok) return r.error ? cleanText(r.error) : 'the probe failed';
  return null;
}

/** Exit code of `podnet probe`: 0 success, 1 the probe ran and failed, 2 podnet could not run it. */
export function exitCodeOf(o: RunOutcome): 0 | 1 | 2 {
  if (o.fault || o.reason === 'needs-debug' || o.reason === 'api-lost') return 2;
  if (o.reason === 'completed' || o.reason === 'stopped') return (o.result as { ok?: boolean } | null)?.ok ? 0 : 1;
  return 1;
}

/** DESIGN.md's `probe --json` object. */
/** The object `podnet probe --json` prints (DESIGN.md's shape, plus reason, container, note and
 * bandwidth); the fields of other kinds are null. The session history keeps the same object. */
export interface ProbeJson {
  /** The kind asked for; `tool` and `note` say when another ran (no ping: a TCP connect). */
  kind: RunKind;
  ok: boolean;
  reason: EndReason;
  source: EndInfo;
  target: EndInfo;
  tool: string | null;
  container: string | null;
  note: string | null;
  sent: number | null;
  received: number | null;
  lossPct: number | null;
  rttMs: { min: number; avg: number; max: number; mdev: number } | null;
  replies: PingReply[] | null;
  http: { status: number | null; connectMs: number | null; firstByteMs: number | null; totalMs: number | null; bytes: number | null; title: string | null } | null;
  tcp: { port: number; open: boolean; state: TcpState; connectMs: number | null } | null;
  dns: { query: string; server: string | null; answers: string[] } | null;
  bandwidth: { sentMbitPerS: number | null; receivedMbitPerS: number | null; intervals: BandwidthInterval[] } | null;
  error: string | null;
}

export function probeJson(kind: RunKind, o: RunOutcome, source: EndInfo, target: EndInfo): ProbeJson {
  const r = o.result;
  const ran = o.ranKind ?? kind;
  const ping = ran === 'ping' ? (r as PingResult | null) : null;
  const http = ran === 'http' ? (r as HttpResult | null) : null;
  const tcp = ran === 'tcp' ? (r as TcpResult | null) : null;
  const dns = ran === 'dns' ? (r as DnsResult | null) : null;
  const bw = ran === 'bandwidth' ? (r as BandwidthResult | null) : null;
  const ok = (o.reason === 'completed' || o.reason === 'stopped') && Boolean((r as { ok?: boolean } | null)?.ok);
  return {
    kind,
    ok,
    reason: o.reason,
    source,
    target,
    tool: o.tool ? (TOOL_LABEL[o.tool as keyof typeof TOOL_LABEL] ?? o.tool) : null,
    container: o.container || null,
    note: o.note ?? null,
    sent: ping?.sent ?? null,
    received: ping?.received ?? null,
    lossPct: ping?.lossPct ?? null,
    rttMs: ping?.rttMs ? { min: ping.rttMs.min, avg: ping.rttMs.avg, max: ping.rttMs.max, mdev: ping.rttMs.mdev } : null,
    replies: ping ? ping.replies : null,
    http: http ? { status: http.status, connectMs: http.connectMs, firstByteMs: http.firstByteMs, totalMs: http.totalMs, bytes: http.bytes, title: http.title === null ? null : cleanText(http.title) } : null,
    tcp: tcp ? { port: tcp.port, open: tcp.open, state: tcp.state, connectMs: tcp.connectMs } : null,
    dns: dns ? { query: dns.query, server: dns.server, answers: dns.answers } : null,
    bandwidth: bw ? { sentMbitPerS: bw.sentMbitPerS, receivedMbitPerS: bw.receivedMbitPerS, intervals: bw.intervals } : null,
    error: ok ? null : errorOf(o),
  };
}
