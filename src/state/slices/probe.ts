// The probe console's state (owned by the probe console): the session on screen (one kind, one
// source and target, one or more runs side by side), the chooser or confirmation line, and the
// history of every run's result. Everything that came from a pod is sanitized here, once, as it
// arrives; every buffer is bounded so a ping left running for hours costs the same per frame.
import type { Action } from '../actions.js';
import type { ChoiceKind, ConsolePlan, ProbeEnd } from '../probeActions.js';
import type { EndReason, ProbeRequest, RunEvent, RunKind, RunOutcome, BandwidthResult } from '../../probe/runner.js';
import type { DnsResult, HttpResult, PingResult, ProbeEvent, TcpResult, TcpState, ToolId } from '../../probe/index.js';
import { TOOL_KIND, TOOL_LABEL } from '../../probe/types.js';
import { cleanText } from '../sanitize.js';
import { bytesText, mbitText, rttText } from '../probeFormat.js';

/** Reply (or record, or interval) lines kept per run; the pane shows the last few. */
export const MAX_LINES = 64;
/** Samples kept for the sparkline. */
export const MAX_SPARK = 120;
export const MAX_HISTORY = 500;
const MAX_ERRORS = 3;

export type Tone = 'ok' | 'warn' | 'fail' | 'dim' | undefined;

export interface ConsoleLine {
  /** Stable per run, so React keeps the lines that did not change. */
  key: number;
  text: string;
  tone: Tone;
}

export interface PingLive {
  received: number;
  lost: number;
  dups: number;
  min: number;
  max: number;
  sum: number;
}

export interface RunState {
  id: number;
  label: string;
  req: ProbeRequest;
  /** The kind that runs: a ping falls back to a TCP connect when the source has no ping. */
  kind: RunKind;
  status: 'running' | 'stopping' | 'ended';
  startedAt: number;
  endedAt: number | undefined;
  /** When the tool last printed something the console uses (busybox ping says nothing of a loss
   * until a later reply arrives, so silence itself must show). */
  heardAt: number;
  toolId: ToolId | 'iperf3' | undefined;
  tool: string | undefined;
  container: string | undefined;
  note: string | undefined;
  progress: string | undefined;
  /** Why the console asked the run to end (before the engine confirmed it). */
  ending: { reason: EndReason; message: string } | undefined;
  outcome: { reason: EndReason; message: string | null } | undefined;
  lines: readonly ConsoleLine[];
  nextLine: number;
  /** RTTs (null: a loss) or Mbit/s, oldest first. */
  spark: readonly (number | null)[];
  ping: PingLive;
  /** The tool's own summary or the engine's result, once known. */
  pingFinal: { sent: number; received: number; lossPct: number; rtt: { min: number; avg: number; max: number } | null } | undefined;
  http: { status: number | null; reason: string; connectMs: number | null; firstByteMs: number | null; totalMs: number | null; bytes: number | null; title: string | null } | undefined;
  tcp: { state: TcpState; connectMs: number | null; message: string } | undefined;
  dns: { server: string | null; answers: number; failures: number } | undefined;
  bandwidth: { sentMbit: number | null; receivedMbit: number | null } | undefined;
  errors: readonly string[];
}

export interface ConsoleState {
  id: number;
  kind: RunKind;
  source: ProbeEnd;
  target: ProbeEnd;
  /** What was asked, to run again from a debug container. */
  plan: ConsolePlan;
  runs: readonly RunState[];
}

export type Modal =
  | { type: 'choice'; kind: ChoiceKind; choices: readonly { port: number; plan: ConsolePlan }[]; index: number }
  | { type: 'confirm'; text: string; plan: ConsolePlan };

/** One run as the session remembers it: what was asked, and the engine's outcome once it ended. */
export interface HistoryEntry {
  runId: number;
  kind: RunKind;
  label: string;
  source: ProbeEnd;
  target: ProbeEnd;
  host: string;
  port: number | undefined;
  startedAt: number;
  endedAt: number | undefined;
  outcome: RunOutcome | undefined;
}

export interface ProbeState {
  console: ConsoleState | undefined;
  modal: Modal | undefined;
  history: readonly HistoryEntry[];
  nextRunId: number;
  /** The latest export asked for; the effects write it once per id. */
  exportRequest: { id: number; format: 'json' | 'csv' } | undefined;
  /** Source pods (by uid) the user let podnet add a debug container to: later probes use it too. */
  debugFrom: ReadonlySet<string>;
  /** The clock while a ping runs (ticked each second by the effects), for "no reply for N s". */
  now: number;
}

export const initialProbe: ProbeState = { console: undefined, modal: undefined, history: [], nextRunId: 1, exportRequest: undefined, debugFrom: new Set(), now: 0 };

const emptyPing: PingLive = { received: 0, lost: 0, dups: 0, min: Infinity, max: 0, sum: 0 };

export function reduceProbe(state: ProbeState, action: Action): ProbeState {
  switch (action.type) {
    case 'probe/requested':
      return start(state, action.plan, action.at);
    case 'probe/stopRequested': {
      if (state.modal) return { ...state, modal: undefined };
      const c = state.console;
      if (!c) return state;
      if (c.runs.some((r) => r.status === 'running')) return endRuns(state, c.runs.map((r) => r.id), 'stopped', 'stopped');
      // Nothing runs: a second `x` puts the console away (the history stays).
      return c.runs.some((r) => r.status === 'stopping') ? state : { ...state, console: undefined };
    }
    case 'probe/ending':
      return endRuns(state, action.runIds, action.reason, action.message);
    case 'probe/event':
      return withRun(state, action.runId, (r) => {
        const next = applyEvent(r, action.event);
        return action.event.type === 'probe' && next !== r ? { ...next, heardAt: action.at } : next;
      });
    case 'probe/ticked':
      return state.now === action.now ? state : { ...state, now: action.now };
    case 'probe/ended': {
      const next = withRun(state, action.runId, (r) => applyOutcome(r, action.outcome, action.at));
      const history = next.history.map((h) => (h.runId === action.runId ? withOutcome(h, action.outcome, action.at) : h));
      return { ...next, history, modal: next.modal ?? debugOffer(next.console, action.runId, action.outcome) };
    }
    case 'probe/choiceOpened':
      return action.choices.length ? { ...state, modal: { type: 'choice', kind: action.kind, choices: action.choices, index: 0 } } : state;
    case 'probe/choiceMoved': {
      const m = state.modal;
      if (m?.type !== 'choice') return state;
      return { ...state, modal: { ...m, index: (m.index + action.by + m.choices.length) % m.choices.length } };
    }
    case 'probe/confirmAsked':
      return { ...state, modal: { type: 'confirm', text: action.text, plan: action.plan } };
    case 'probe/confirmed': {
      const m = state.modal;
      if (!m) return state;
      const plan = m.type === 'choice' ? m.choices[m.index]!.plan : m.plan;
      return start({ ...state, modal: undefined }, plan, action.at);
    }
    case 'probe/cancelled':
    case 'filter/cleared': // esc in the pods pane
      return state.modal ? { ...state, modal: undefined } : state;
    case 'probe/exportRequested':
      return { ...state, exportRequest: { id: (state.exportRequest?.id ?? 0) + 1, format: action.format } };
    case 'context/chosen': {
      const live = state.console?.runs.filter((r) => r.status === 'running').map((r) => r.id) ?? [];
      return live.length ? endRuns(state, live, 'stopped', 'stopped: the context changed') : state;
    }
    default:
      return state;
  }
}

/** A new session replaces the one on screen; its runs still running are stopped by the effects
 * (they are no longer on screen) and their results still reach the history. */
function start(state: ProbeState, plan: ConsolePlan, at: number): ProbeState {
  let id = state.nextRunId;
  const runs = plan.runs.map((p): RunState => ({
    id: id++, label: p.label, req: p.req, kind: p.req.kind, status: 'running', startedAt: at, endedAt: undefined, heardAt: at, toolId: undefined, tool: undefined,
    container: undefined, note: undefined, progress: undefined, ending: undefined, outcome: undefined, lines: [], nextLine: 0, spark: [],
    ping: emptyPing, pingFinal: undefined, http: undefined, tcp: undefined, dns: undefined, bandwidth: undefined, errors: [],
  }));
  const entries = runs.map((r): HistoryEntry => ({
    runId: r.id, kind: plan.kind, label: r.label, source: plan.source, target: plan.target, host: r.req.host, port: r.req.port,
    startedAt: at, endedAt: undefined, outcome: undefined,
  }));
  const history = [...state.history, ...entries];
  return {
    ...state,
    modal: undefined,
    console: { id: runs[0]?.id ?? id, kind: plan.kind, source: plan.source, target: plan.target, plan, runs },
    debugFrom: plan.runs.some((p) => p.req.debug === 'use') ? withKey(state.debugFrom, plan.source.uid) : state.debugFrom,
    nextRunId: id,
    history: history.length > MAX_HISTORY ? history.slice(history.length - MAX_HISTORY) : history,
  };
}

/**
 * A source without the tool: the console asks at once whether to add podnet's ephemeral debug
 * container and probe from it (`y`). Not with --readonly, not when RBAC refused it already, not
 * when the probe already ran from one.
 */
function debugOffer(c: ConsoleState | undefined, runId: number, o: RunOutcome): Modal | undefined {
  const plan = c?.plan;
  if (!c || !plan || o.reason !== 'needs-debug' || o.fault === 'permission' || !c.runs.some((r) => r.id === runId)) return undefined;
  if (plan.runs.some((r) => r.req.readonly || r.req.debug === 'use')) return undefined;
  return {
    type: 'confirm',
    text: c.kind === 'bandwidth'
      ? `No iperf3 in ${c.source.name} or ${c.target.name}: add podnet's debug container (nicolaka/netshoot) where it is missing, and measure? It stays until the pod is deleted. y yes · x no`
      : `${c.source.name} has no tool for ${c.kind === 'http' ? 'HTTP' : c.kind === 'tcp' ? 'TCP' : c.kind === 'dns' ? 'DNS' : c.kind}: add podnet's debug container (nicolaka/netshoot) and probe from it? It stays until the pod is deleted. y yes · x no`,
    plan: { ...plan, runs: plan.runs.map((r) => ({ ...r, req: { ...r.req, debug: 'use' } })) },
  };
}

const withKey = (s: ReadonlySet<string>, k: string) => (s.has(k) ? s : new Set([...s, k]));

function endRuns(state: ProbeState, ids: readonly number[], reason: EndReason, message: string): ProbeState {
  let next = state;
  for (const id of ids) {
    next = withRun(next, id, (r) => (r.status === 'running' ? { ...r, status: 'stopping', ending: { reason, message } } : r));
  }
  return next;
}

function withRun(state: ProbeState, id: number, f: (r: RunState) => RunState): ProbeState {
  const c = state.console;
  const i = c ? c.runs.findIndex((r) => r.id === id) : -1;
  if (!c || i < 0) return state;
  const run = c.runs[i]!;
  const next = f(run);
  if (next === run) return state;
  const runs = [...c.runs];
  runs[i] = next;
  return { ...state, console: { ...c, runs } };
}

const bounded = <T>(xs: readonly T[], x: T, max: number): T[] => (xs.length >= max ? [...xs.slice(xs.length - max + 1), x] : [...xs, x]);

function addLine(r: RunState, text: string, tone: Tone): RunState {
  return { ...r, lines: bounded(r.lines, { key: r.nextLine, text, tone }, MAX_LINES), nextLine: r.nextLine + 1 };
}

function addError(r: RunState, message: string): RunState {
  const text = cleanText(message);
  return text ? { ...r, errors: bounded(r.errors, text, MAX_ERRORS) } : r;
}

function applyEvent(r: RunState, e: RunEvent): RunState {
  if (r.status === 'ended') return r;
  switch (e.type) {
    case 'tool':
      return {
        ...r, toolId: e.tool, tool: e.tool === 'iperf3' ? 'iperf3' : TOOL_LABEL[e.tool], container: cleanText(e.container),
        kind: e.tool === 'iperf3' ? 'bandwidth' : TOOL_KIND[e.tool],
        note: e.note ? cleanText(e.note) : undefined, progress: undefined,
      };
    case 'progress':
      return { ...r, progress: cleanText(e.text) };
    case 'bandwidth': {
      const i = e.interval;
      const next = addLine(r, `${i.startS.toFixed(1)}-${i.endS.toFixed(1)} s  ${mbitText(i.mbitPerS)}  ${bytesText(i.bytes)}`, undefined);
      return { ...next, spark: bounded(r.spark, i.mbitPerS, MAX_SPARK) };
    }
    case 'probe':
      return applyProbeEvent(r, e.event);
  }
}

function applyProbeEvent(r: RunState, e: ProbeEvent): RunState {
  switch (r.kind) {
    case 'ping':
      return applyPing(r, e);
    case 'http':
      return applyHttp(r, e);
    case 'tcp':
      return applyTcp(r, e);
    case 'dns':
      return applyDns(r, e);
    default:
      return r;
  }
}

function applyPing(r: RunState, e: ProbeEvent): RunState {
  switch (e.type) {
    case 'reply': {
      const p = r.ping;
      const text = `seq=${e.seq} ttl=${e.ttl} time=${rttText(r.toolId, e.rttMs)} ms${e.dup ? ' (DUP!)' : e.late ? ' (late)' : ''}`;
      const line = addLine(r, text, e.dup ? 'warn' : undefined);
      if (e.dup) return { ...line, ping: { ...p, dups: p.dups + 1 } };
      // A late reply was first written off as lost: it counts as received after all.
      const ping = { received: p.received + 1, lost: e.late ? Math.max(0, p.lost - 1) : p.lost, dups: p.dups, min: Math.min(p.min, e.rttMs), max: Math.max(p.max, e.rttMs), sum: p.sum + e.rttMs };
      return { ...line, ping, spark: bounded(r.spark, e.rttMs, MAX_SPARK) };
    }
    case 'lost': {
      const line = addLine(r, `seq=${e.seq} lost${e.reason === 'trailing' ? ' (no reply before the end)' : ''}`, 'fail');
      return { ...line, ping: { ...r.ping, lost: r.ping.lost + 1 }, spark: bounded(r.spark, null, MAX_SPARK) };
    }
    case 'icmp-error': {
      const line = addLine(r, `seq=${e.seq} ${cleanText(e.message)} (from ${cleanText(e.from)})`, 'fail');
      return { ...line, ping: { ...r.ping, lost: r.ping.lost + 1 }, spark: bounded(r.spark, null, MAX_SPARK) };
    }
    case 'summary':
      return { ...r, pingFinal: { sent: e.sent, received: e.received, lossPct: e.lossPct, rtt: r.pingFinal?.rtt ?? null } };
    case 'error':
      return addError(r, e.message);
    default:
      return r;
  }
}

type Http = NonNullable<RunState['http']>;
const emptyHttp: Http = { status: null, reason: '', connectMs: null, firstByteMs: null, totalMs: null, bytes: null, title: null };

function applyHttp(r: RunState, e: ProbeEvent): RunState {
  const h = r.http ?? emptyHttp;
  switch (e.type) {
    case 'status':
      return { ...r, http: { ...h, status: e.status, reason: cleanText(e.reason) } };
    case 'title':
      return { ...r, http: { ...h, title: cleanText(e.title) } };
    case 'timing':
      return { ...r, http: { ...h, status: e.status ?? h.status, connectMs: e.connectMs, firstByteMs: e.firstByteMs, totalMs: e.totalMs, bytes: e.bytes } };
    case 'error':
      return addError(r, e.message);
    default:
      return r;
  }
}

function applyTcp(r: RunState, e: ProbeEvent): RunState {
  switch (e.type) {
    case 'open':
      return { ...r, tcp: { state: 'open', connectMs: e.connectMs, message: '' } };
    case 'failed':
      return addError({ ...r, tcp: { state: e.state, connectMs: null, message: cleanText(e.message) } }, e.message);
    default:
      return r;
  }
}

function applyDns(r: RunState, e: ProbeEvent): RunState {
  const d = r.dns ?? { server: null, answers: 0, failures: 0 };
  switch (e.type) {
    case 'server':
      return { ...r, dns: { ...d, server: cleanText(e.server) } };
    case 'record':
      // The answer first: a long FQDN may be cut at the pane's edge, the address must not be.
      return { ...addLine(r, `${e.record.type} ${cleanText(e.record.data)}  ${cleanText(e.record.name)}`, 'ok'), dns: { ...d, answers: d.answers + 1 } };
    case 'failure':
      return { ...addLine(r, `${cleanText(e.rcode)}  ${cleanText(e.name)}`, 'dim'), dns: { ...d, failures: d.failures + 1 } };
    case 'error':
      return addError(r, e.message);
    default:
      return r;
  }
}

function applyOutcome(r: RunState, o: RunOutcome, at: number): RunState {
  if (r.status === 'ended') return r;
  let next: RunState = {
    ...r, status: 'ended', endedAt: at, progress: undefined,
    outcome: { reason: o.reason, message: o.message === null ? null : cleanText(o.message) },
    toolId: r.toolId ?? o.tool ?? undefined,
    kind: o.ranKind ?? r.kind,
    note: r.note ?? (o.note ? cleanText(o.note) : undefined),
    tool: r.tool ?? (o.tool ? (o.tool === 'iperf3' ? 'iperf3' : TOOL_LABEL[o.tool]) : undefined),
    container: r.container ?? (o.container ? cleanText(o.container) : undefined),
  };
  const res = o.result;
  if (!res) return next;
  // The engine's result is the authority once the tool ended (it saw the tool's own summary).
  if (next.kind === 'ping' && 'replies' in res) {
    const p = res as PingResult;
    // The tool's own min/avg/max when it printed them (RTTs shown equal the tool's), else ours.
    const t = p.toolSummary;
    const rtt = t?.min !== undefined && t.avg !== undefined && t.max !== undefined ? { min: t.min, avg: t.avg, max: t.max } : p.rttMs ? { min: p.rttMs.min, avg: p.rttMs.avg, max: p.rttMs.max } : null;
    next = { ...next, pingFinal: { sent: p.sent, received: p.received, lossPct: p.lossPct, rtt } };
  } else if (next.kind === 'http' && 'title' in res) {
    const h = res as HttpResult;
    next = { ...next, http: { status: h.status, reason: next.http?.reason ?? '', connectMs: h.connectMs, firstByteMs: h.firstByteMs, totalMs: h.totalMs, bytes: h.bytes, title: h.title === null ? null : cleanText(h.title) } };
  } else if (next.kind === 'tcp' && 'state' in res) {
    const t = res as TcpResult;
    next = { ...next, tcp: { state: t.state, connectMs: t.connectMs, message: cleanText(t.error ?? next.tcp?.message ?? '') } };
  } else if (next.kind === 'dns' && 'answers' in res) {
    const d = res as DnsResult;
    next = { ...next, dns: { server: d.server === null ? null : cleanText(d.server), answers: d.answers.length, failures: d.failures.length } };
  } else if (next.kind === 'bandwidth' && 'intervals' in res) {
    const b = res as BandwidthResult;
    next = { ...next, bandwidth: { sentMbit: b.sentMbitPerS, receivedMbit: b.receivedMbitPerS } };
  }
  const error = (res as { error?: string | null }).error;
  return error && o.reason !== 'stopped' && !next.errors.includes(cleanText(error)) ? addError(next, error) : next;
}

function withOutcome(h: HistoryEntry, o: RunOutcome, at: number): HistoryEntry {
  return h.outcome ? h : { ...h, endedAt: at, outcome: o };
}

/** Live ping figures: the tool's own once it printed them, else counted from the replies so far. */
export function pingFigures(r: RunState): { sent: number; received: number; lossPct: number; min: number | null; avg: number | null; max: number | null } {
  const p = r.ping;
  const live = {
    sent: p.received + p.lost,
    received: p.received,
    min: p.received ? p.min : null,
    avg: p.received ? p.sum / p.received : null,
    max: p.received ? p.max : null,
  };
  const f = r.pingFinal;
  const sent = f ? f.sent : live.sent;
  const received = f ? f.received : live.received;
  const lossPct = sent > 0 ? Math.round(((sent - received) / sent) * 1000) / 10 : 0;
  return f?.rtt ? { sent, received, lossPct, ...f.rtt } : { sent, received, lossPct, min: live.min, avg: live.avg, max: live.max };
}

export const isLive = (r: RunState) => r.status !== 'ended';
