// The session's probe history: one entry per finished probe, each holding its result in the
// `probe --json` shape (DESIGN.md), and its export as JSON or CSV. Pure; writeHistory lives in
// historyWrite.ts. Pod names and page titles come from the cluster, so the CSV is made safe for
// spreadsheets (formula injection) and terminals (control sequences).
import { cleanText } from '../state/sanitize.js';
import type { EndReason, RunKind, RunOutcome } from './runner.js';
import { probeJson, type EndInfo, type ProbeJson } from './runReport.js';

/** A pod end as `probe --json` prints it; a bare IP or name target has no namespace/pod. */
export type EndpointJson = EndInfo;

export interface HistoryEntry {
  /** When the probe finished (ISO 8601, UTC). */
  at: string;
  /** The kind asked for; result.tool says what ran (a ping may fall back to a TCP connect). */
  kind: RunKind;
  host: string;
  port: number | null;
  container: string | null;
  reason: EndReason;
  /** The outcome's sentence when it did not complete. */
  message: string | null;
  result: ProbeJson;
}

export function historyEntry(o: {
  at: Date;
  kind: RunKind;
  source: EndpointJson;
  target: EndpointJson;
  host: string;
  port?: number | null;
  outcome: RunOutcome;
}): HistoryEntry {
  return {
    at: o.at.toISOString(),
    kind: o.kind,
    host: o.host,
    port: o.port ?? null,
    container: o.outcome.container,
    reason: o.outcome.reason,
    message: o.outcome.message,
    result: probeJson(o.kind, o.outcome, o.source, o.target),
  };
}

/** Pretty JSON, one array of entries, ending in a newline. */
export function historyToJson(entries: readonly HistoryEntry[]): string {
  return JSON.stringify(entries, null, 2) + '\n';
}

export const CSV_COLUMNS = [
  'time', 'kind', 'source', 'target', 'host', 'port', 'tool', 'container', 'reason', 'ok',
  'sent', 'received', 'lossPct', 'rttMinMs', 'rttAvgMs', 'rttMaxMs',
  'httpStatus', 'httpTotalMs', 'httpTitle', 'tcpState', 'tcpConnectMs', 'dnsAnswers', 'mbitPerS', 'error',
] as const;

type Cell = string | number | boolean | null | undefined;

/** RFC 4180 CSV (CRLF line ends, a header row), one row per probe. */
export function historyToCsv(entries: readonly HistoryEntry[]): string {
  const rows: Cell[][] = [[...CSV_COLUMNS]];
  for (const e of entries) {
    const r = e.result;
    rows.push([
      e.at,
      r.kind,
      endpointText(r.source),
      endpointText(r.target),
      e.host,
      e.port,
      r.tool,
      e.container,
      e.reason,
      r.ok,
      r.sent,
      r.received,
      r.lossPct,
      r.rttMs?.min,
      r.rttMs?.avg,
      r.rttMs?.max,
      r.http?.status,
      r.http?.totalMs,
      r.http?.title,
      r.tcp?.state,
      r.tcp?.connectMs,
      r.dns?.answers.join(' '),
      r.bandwidth ? (r.bandwidth.receivedMbitPerS ?? r.bandwidth.sentMbitPerS) : null,
      r.error ?? e.message,
    ]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function endpointText(p: EndpointJson): string {
  if (p.pod) return `${p.namespace ?? ''}/${p.pod}`;
  return p.ip ?? '';
}

/**
 * One CSV field. Text from the cluster is made one plain line; a leading = + - @ (or tab/CR,
 * which some spreadsheets skip before looking) would start a formula, so it gets a quote mark
 * first, as OWASP recommends; then RFC 4180 quoting.
 */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? cleanText(v) : String(v);
  // Checked before and after cleaning: an escape sequence in front of "=" must not hide it.
  if (typeof v === 'string' && (/^[=+\-@\t\r]/.test(v) || /^\s*[=+\-@]/.test(s))) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
