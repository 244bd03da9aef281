// What one run of the console draws, as lines that fit a box: a header (what, which tool, from
// which container), the kind's figures, the latest replies or records, and how it ended. Pure:
// the pane only draws these. Keys are stable, so only the lines that changed are re-rendered.
import type { RunState, Tone } from './slices/probe.js';
import { pingFigures } from './slices/probe.js';
import { bytesText, mbitText, msNum, msText } from './probeFormat.js';
import { sparkline } from './probeSparkline.js';
import { wrapWords } from './textFit.js';
import type { EndReason } from '../probe/runner.js';

export interface ViewLine {
  key: string;
  text: string;
  tone: Tone;
}

export interface RunViewOptions {
  width: number;
  height: number;
  /** With --readonly the debug-container offer is left out (and says why). */
  readonly: boolean;
  /** The console's clock (state.probe.now); 0 leaves the silence line out. */
  now?: number;
}

/** A ping that has heard nothing for this long says so (interval 1 s + a 1 s reply timeout). */
export const SILENT_MS = 2500;

const fix = (t: string, w: number) => (t.length > w ? `${t.slice(0, Math.max(0, w - 1))}…` : t);


const ENDED: Record<EndReason, string> = {
  completed: 'done',
  stopped: 'stopped',
  'source-gone': 'stopped: the source pod is gone',
  'target-gone': 'stopped: the target pod is gone',
  'api-lost': 'stopped: the API server stopped answering',
  'needs-debug': 'the source has no tool for this probe',
  failed: 'failed',
};

/** The last line(s): running, stopping, or how it ended and what to do next. */
function statusLines(r: RunState, o: RunViewOptions): ViewLine[] {
  const line = (i: number, text: string, tone: Tone): ViewLine => ({ key: `status${i}`, text, tone });
  if (r.status === 'running') {
    const silentS = o.now && r.kind === 'ping' && r.tool ? Math.floor((o.now - r.heardAt) / 1000) : 0;
    if (silentS * 1000 >= SILENT_MS) return [line(0, `no reply for ${silentS} s · x stop`, 'warn')];
    return [line(0, r.progress ? `${r.progress}…` : r.tool ? 'running · x stop' : 'starting…', 'dim')];
  }
  if (r.status === 'stopping') return [line(0, `${r.ending?.message ?? 'stopping'}…`, 'warn')];
  const reason = r.outcome?.reason ?? 'failed';
  // The console's own words about a pod that went away beat the engine's generic ones.
  const said = (reason === 'source-gone' || reason === 'target-gone' || reason === 'api-lost' || reason === 'stopped') && r.ending ? r.ending.message : undefined;
  const text = said ?? r.outcome?.message ?? ENDED[reason];
  const tone: Tone = reason === 'completed' ? 'ok' : reason === 'stopped' ? 'dim' : reason === 'needs-debug' ? 'warn' : 'fail';
  const out = wrapWords(text, o.width, 5).map((t, i) => line(i, t, tone));
  // Without --readonly the question to add a debug container is on the console's first line.
  if (reason === 'needs-debug' && o.readonly) {
    for (const t of wrapWords('podnet adds no debug container with --readonly.', o.width, 2)) out.push(line(out.length, t, 'dim'));
  }
  return out;
}

/** What runs and where: on one line when it fits, else the tool on a line of its own. */
function header(r: RunState, width: number): ViewLine[] {
  // The engine names the container only when it chose one (a debug container, or one of several).
  const where = r.tool ? `${r.tool}${r.container ? ` in ${r.container}` : ''}${r.note ? ` (${r.note})` : ''}` : '';
  const one = `${r.label}${where ? `  ${where}` : ''}`;
  if (one.length <= width || !where) return [{ key: 'header', text: one, tone: undefined }];
  return [{ key: 'header', text: r.label, tone: undefined }, { key: 'tool', text: where, tone: 'dim' }];
}

const errorLines = (r: RunState, width: number): ViewLine[] => r.errors.map((e, i) => ({ key: `err${i}`, text: fix(e, width), tone: 'fail' }));

const num = (n: number | null) => (n === null ? '–' : n.toFixed(3));

/** The kind's figures (fixed at the bottom) and its scrolling lines (newest last). */
function body(r: RunState, width: number): { fixed: ViewLine[]; scrolling: ViewLine[] } {
  const scrolling = r.lines.map((l): ViewLine => ({ key: `l${l.key}`, text: fix(l.text, width), tone: l.tone }));
  const fixed: ViewLine[] = [];
  switch (r.kind) {
    case 'ping': {
      const f = pingFigures(r);
      if (r.spark.length) fixed.push({ key: 'spark', text: `rtt ${sparkline(r.spark, width - 4)}`, tone: 'ok' });
      const counts = `sent ${f.sent}  recv ${f.received}  loss ${f.lossPct}%`;
      const rtt = `min/avg/max ${num(f.min)}/${num(f.avg)}/${num(f.max)} ms`;
      const tone: Tone = f.sent > f.received ? 'warn' : undefined;
      // One row when it fits (every row that changes is a row the terminal is sent again): in
      // full words, or compact ("recv 12/12  loss 0%  rtt min/avg/max"), else two rows.
      const compact = `recv ${f.received}/${f.sent}  loss ${f.lossPct}%  rtt ${num(f.min)}/${num(f.avg)}/${num(f.max)}`;
      // Nothing sent (the tool never ran, or has not answered yet): "loss 0%" would read as healthy.
      if (f.sent === 0) break;
      if (counts.length + 2 + rtt.length <= width) fixed.push({ key: 'counts', text: `${counts}  ${rtt}`, tone });
      else if (compact.length <= width) fixed.push({ key: 'counts', text: compact, tone });
      else fixed.push({ key: 'counts', text: counts, tone }, { key: 'rtt', text: rtt, tone: undefined });
      break;
    }
    case 'http': {
      const h = r.http;
      if (h) {
        const ok = h.status !== null && h.status < 400;
        if (h.status !== null) fixed.push({ key: 'status', text: `HTTP ${h.status}${h.reason ? ` ${h.reason}` : ''}`, tone: ok ? 'ok' : 'fail' });
        const times = [h.connectMs !== null && `connect ${msNum(h.connectMs)}`, h.firstByteMs !== null && `1st byte ${msNum(h.firstByteMs)}`, h.totalMs !== null && `total ${msNum(h.totalMs)}`].filter(Boolean);
        if (times.length) fixed.push({ key: 'times', text: `${times.join('  ')} ms`, tone: undefined });
        if (h.bytes !== null) fixed.push({ key: 'size', text: `size ${bytesText(h.bytes)}`, tone: undefined });
        if (h.title !== null) fixed.push({ key: 'title', text: `title ${h.title}`, tone: undefined });
      }
      break;
    }
    case 'tcp': {
      const t = r.tcp;
      const port = r.req.port ?? 80; // a ping without ping falls back to a TCP connect to 80
      if (t) {
        // The tool's own words for a failure follow as an error line.
        const text = t.state === 'open' ? `port ${port} open${t.connectMs !== null ? `  connect ${msText(t.connectMs)}` : ''}` : `port ${port} ${t.state}`;
        fixed.push({ key: 'tcp', text, tone: t.state === 'open' ? 'ok' : 'fail' });
      }
      break;
    }
    case 'dns': {
      const d = r.dns;
      if (d?.server) fixed.unshift({ key: 'server', text: `server ${d.server}`, tone: 'dim' });
      if (d && r.status === 'ended') fixed.push({ key: 'answers', text: `${d.answers} answer${d.answers === 1 ? '' : 's'}`, tone: d.answers ? 'ok' : 'fail' });
      break;
    }
    case 'bandwidth': {
      if (r.spark.length) fixed.push({ key: 'spark', text: `rate ${sparkline(r.spark, width - 5)}`, tone: 'ok' });
      const last = r.spark.at(-1);
      if (typeof last === 'number') fixed.push({ key: 'now', text: `now ${mbitText(last)}`, tone: undefined });
      const b = r.bandwidth;
      if (b) fixed.push({ key: 'sum', text: `sent ${mbitText(b.sentMbit)}  received ${mbitText(b.receivedMbit)}`, tone: 'ok' });
      break;
    }
  }
  return { fixed, scrolling };
}

/**
 * The replies (or records) shown: they fill the box downwards a page at a time, and the next one
 * after a full page starts a new page at the top. Lines never shift, so a reply a second costs
 * the terminal one new row (plus the figures), not a rewrite of every row above it.
 */
function page(r: RunState, scrolling: ViewLine[], room: number): ViewLine[] {
  if (room <= 0) return [];
  const n = r.nextLine;
  const start = n === 0 ? 0 : Math.floor((n - 1) / room) * room;
  return scrolling.filter((_l, i) => r.lines[i]!.key >= start);
}

/** Every line the run shows in a box of `height` lines: the newest scrolling lines fill what is left. */
export function runView(r: RunState, o: RunViewOptions): ViewLine[] {
  if (o.height <= 0) return [];
  const { fixed, scrolling } = body(r, o.width);
  const errors = errorLines(r, o.width);
  const status = statusLines(r, o);
  // DNS shows its server first; the others their figures under the replies.
  const top = r.kind === 'dns' ? fixed.filter((l) => l.key === 'server') : [];
  const bottom = fixed.filter((l) => !top.includes(l));
  const head = header(r, o.width);
  const must = [...head, ...top, ...bottom, ...status];
  if (must.length >= o.height) return [...head, ...status, ...bottom].slice(0, o.height).map((l) => ({ ...l, text: fix(l.text, o.width) }));
  const room = o.height - must.length;
  const errs = errors.slice(0, room);
  const lines = page(r, scrolling, room - errs.length);
  // A live series keeps its figures and status at the bottom (rows that move are rows resent);
  // a one-shot result (HTTP, TCP, DNS) reads top down.
  const live = r.kind === 'ping' || r.kind === 'bandwidth';
  const pad = Array.from({ length: live ? Math.max(0, room - errs.length - lines.length) : 0 }, (_v, i): ViewLine => ({ key: `pad${i}`, text: ' ', tone: undefined }));
  return [...head, ...top, ...lines, ...pad, ...bottom, ...errs, ...status].map((l) => ({ ...l, text: fix(l.text, o.width) }));
}

/** The console's title info: kind, source -> target (each run's header says the host it probes). */
export function consoleInfo(c: { kind: string; source: { name: string }; target: { name: string } }): string {
  return `${c.kind}  ${c.source.name} -> ${c.target.name}`;
}
