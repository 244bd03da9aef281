// The SERVICES & FORWARDS pane as lines of styled segments (pure, so it is tested without Ink):
// each Service fronting the pod with its ports and URLs, then every forward with its state,
// ends, connections and bytes. Lines that start a selectable row carry its key for the cursor.
import type { ForwardState, ForwardView } from '../forward/types.js';
import type { Tone } from './rows.js';
import { forwardUrl, serviceUrls, type FrontingService, type ServicesPaneModel } from './servicesSelectors.js';
import { hostPort, isLoopback, sameTarget, targetText } from './servicesModel.js';

export type SegmentStyle = Tone | 'key' | 'title';

export interface Segment {
  text: string;
  style?: SegmentStyle;
}

export interface PaneLine {
  /** The selectable row this line belongs to ("svc:ns/name", "fwd:id"). */
  item?: string;
  /** The first line of its row (the one the cursor highlights). */
  head?: boolean;
  segments: Segment[];
}

const STATE_TONE: Record<ForwardState, Tone> = { starting: 'warn', active: 'ok', reconnecting: 'warn', failed: 'fail', stopped: 'dim' };

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** URLs packed onto lines of `width`, the first after `label`, the rest under it. */
function urlLines(item: string, label: string, urls: readonly string[], width: number, style?: SegmentStyle): PaneLine[] {
  const indent = ' '.repeat(label.length);
  const out: PaneLine[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) out.push({ item, segments: [{ text: out.length ? indent : label, style: 'dim' }, { text: current.join(' '), style }] });
    current = [];
  };
  for (const url of urls) {
    if (current.length && label.length + [...current, url].join(' ').length > width) flush();
    current.push(url);
  }
  flush();
  return out;
}

function serviceLines(svc: FrontingService, nodeIPs: readonly string[], forwards: readonly ForwardView[], width: number, slicesLoading: boolean): PaneLine[] {
  const item = `svc:${svc.key}`;
  // Until the EndpointSlices are listed, "not an endpoint" would be a guess.
  const endpoint: Segment = svc.ready
    ? { text: 'endpoint ready', style: 'ok' }
    : slicesLoading ? { text: 'endpoints loading…', style: 'dim' } : { text: svc.listed ? 'endpoint not ready' : 'not an endpoint', style: 'warn' };
  const lines: PaneLine[] = [{ item, head: true, segments: [{ text: svc.name, style: 'title' }, { text: ` ${svc.type} ` }, endpoint] }];
  for (const p of svc.ports) {
    const ip = svc.clusterIP && svc.clusterIP !== 'None' ? hostPort(svc.clusterIP, p.port) : `${svc.clusterIP || 'no ClusterIP'} :${p.port}`;
    const target = p.targetPort === null ? `${p.targetPortName}? (no such port on the pod)` : String(p.targetPort);
    // TCP goes without saying; UDP and SCTP ports say so.
    const segs: Segment[] = [{ text: `  ${ip} -> ${target}${p.protocol === 'TCP' ? '' : `/${p.protocol}`}` }];
    if (p.nodePort) segs.push({ text: `  NodePort ${p.nodePort}` });
    lines.push({ item, segments: segs });
  }
  const urls = serviceUrls(svc, nodeIPs);
  lines.push(...urlLines(item, '  inside ', urls.inside, width));
  lines.push(...urlLines(item, '  nodes  ', urls.nodes, width));
  const local = forwards.filter((f) => f.state !== 'stopped' && sameTarget(f.spec.target, { kind: 'service', namespace: svc.namespace, name: svc.name }));
  for (const f of local) {
    const url = forwardUrl(f);
    if (url) lines.push(...urlLines(item, '  local  ', [url], width, isLoopback(f.spec.address) ? undefined : 'warn'));
  }
  return lines;
}

function forwardLines(f: ForwardView, width: number): PaneLine[] {
  const item = `fwd:${f.id}`;
  const local = hostPort(f.spec.address, f.localPort ?? f.spec.localPort);
  const lines: PaneLine[] = [{
    item,
    head: true,
    segments: [
      { text: local, style: isLoopback(f.spec.address) ? 'title' : 'warn' },
      { text: ` -> ${targetText(f.spec.target)}:${f.spec.remotePort}` },
    ],
  }];
  const details: Segment[] = [
    { text: '  ' },
    { text: f.state, style: STATE_TONE[f.state] },
    { text: ` ${f.connections} conn in ${bytesText(f.bytesIn)} out ${bytesText(f.bytesOut)}` },
  ];
  lines.push({ item, segments: details });
  const extra: Segment[] = f.saved ? [{ text: '  saved', style: 'mark' }] : [];
  if (!isLoopback(f.spec.address)) extra.push({ text: '  not loopback: open to the network', style: 'warn' });
  else if (f.spec.target.kind === 'service' && f.pod) extra.push({ text: `  via ${f.pod.name}:${f.podPort ?? '?'}`, style: 'dim' });
  if (extra.length) lines.push({ item, segments: extra });
  if (f.message && (f.state === 'failed' || f.state === 'reconnecting')) {
    for (const text of wrap(f.message, width - 2, 2)) lines.push({ item, segments: [{ text: `  ${text}`, style: STATE_TONE[f.state] }] });
  }
  return lines;
}

/** Words onto at most `max` lines of `width` (the last one cut by the pane). */
function wrap(text: string, width: number, max: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width && out.length < max - 1) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

export interface LinesOptions {
  nodeIPs: readonly string[];
  readonly: boolean;
  watchMessage: string | undefined;
  /** The Services are not listed yet. */
  loading: boolean;
  /** The EndpointSlices are not listed yet. */
  slicesLoading?: boolean;
  width: number;
}

export function servicesLines(m: ServicesPaneModel, o: LinesOptions): PaneLine[] {
  const lines: PaneLine[] = [];
  if (o.watchMessage) lines.push({ segments: [{ text: o.watchMessage, style: 'fail' }] });
  if (!m.subject) {
    lines.push({ segments: [{ text: 'No pod selected: mark a target with t, or move the cursor to a pod.', style: 'dim' }] });
  } else if (m.services.length === 0 && !o.watchMessage) {
    if (o.loading) lines.push({ segments: [{ text: 'Loading Services…', style: 'dim' }] });
    else {
      lines.push({
        segments: [
          { text: `No Service fronts ${m.subject.pod.name}.`, style: 'dim' },
          ...(o.readonly ? [] : [{ text: ' e', style: 'key' as const }, { text: ' expose it' }]),
        ],
      });
    }
  }
  for (const svc of m.services) lines.push(...serviceLines(svc, o.nodeIPs, m.forwards, o.width, o.slicesLoading ?? false));
  const live = m.forwards;
  lines.push({ segments: [{ text: `FORWARDS ${live.length}`, style: 'title' }, ...(live.length ? [] : [{ text: o.readonly ? '  none (--readonly opens no ports)' : '  none: f forwards the target', style: 'dim' as const }])] });
  for (const f of live) lines.push(...forwardLines(f, o.width));
  return lines;
}

/** The first line to show so the selected row's lines are on screen, kept near where it was. */
export function scrollTop(lines: readonly PaneLine[], selected: string | undefined, room: number, previous: number): number {
  const max = Math.max(0, lines.length - room);
  let top = Math.min(previous, max);
  if (selected === undefined) return top;
  const first = lines.findIndex((l) => l.item === selected);
  if (first < 0) return top;
  let last = first;
  while (last + 1 < lines.length && lines[last + 1]!.item === selected && !lines[last + 1]!.head) last++;
  if (first < top) top = first;
  if (last >= top + room) top = last - first + 1 > room ? first : last - room + 1;
  return Math.max(0, Math.min(top, max));
}
