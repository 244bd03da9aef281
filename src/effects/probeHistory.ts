// Writes the session's finished probes to a file in the working directory, as JSON or CSV
// (src/probe/history.ts: the `probe --json` shape per run), and returns where.
import { historyEntry, type EndpointJson, type HistoryEntry as ExportEntry } from '../probe/history.js';
import { historyFileName, writeHistory } from '../probe/historyWrite.js';
import type { ProbeEnd } from '../state/probeActions.js';
import type { HistoryEntry } from '../state/slices/probe.js';

const endpoint = (e: ProbeEnd): EndpointJson => ({ namespace: e.namespace, pod: e.name, ip: e.ip || null, node: e.node || null });

/** The entries of runs that ended (a run still going has no result yet). */
export function exportEntries(history: readonly HistoryEntry[]): ExportEntry[] {
  return history.flatMap((h) => (h.outcome
    ? [historyEntry({ at: new Date(h.endedAt ?? h.startedAt), kind: h.kind, source: endpoint(h.source), target: endpoint(h.target), host: h.host, port: h.port ?? null, outcome: h.outcome })]
    : []));
}

export async function writeProbeHistory(history: readonly HistoryEntry[], format: 'json' | 'csv', now = new Date(), dir = process.cwd()): Promise<{ path: string; count: number }> {
  const entries = exportEntries(history);
  const path = await writeHistory(`${dir}/${historyFileName(format, now)}`, entries, format);
  return { path, count: entries.length };
}
