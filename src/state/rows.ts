// Object -> row, k9s-style: pure functions that turn a pod or node view into the cells a pane
// draws, with a tone per cell for colour. No I/O, no Ink; widths are the columns' business.
import { humanDuration } from '../printers/duration.js';
import type { NodeView, PodView } from './model.js';
import type { Column } from './columns.js';
import { IP_CHANGE_MS, type IpChange } from './slices/pods.js';

export type Tone = 'ok' | 'warn' | 'fail' | 'dim' | 'changed' | 'mark' | undefined;

export interface Row {
  id: string;
  cells: readonly string[];
  tones: readonly Tone[];
}

const makePodColumns = (withNamespace: boolean): Column[] => [
  { key: 'mark', title: ' ', min: 1, max: 1 },
  ...(withNamespace ? [{ key: 'namespace', title: 'NAMESPACE', min: 9, max: 20, drop: 5 }] : []),
  { key: 'name', title: 'NAME', min: 10, max: 48, flex: true },
  { key: 'ready', title: 'READY', min: 5, max: 7, drop: 2, optional: true },
  { key: 'status', title: 'STATUS', min: 7, max: 24 },
  { key: 'restarts', title: 'RESTARTS', min: 8, max: 16, drop: 3, optional: true },
  { key: 'ip', title: 'IP', min: 10, max: 48 },
  { key: 'node', title: 'NODE', min: 6, max: 24, drop: 4 },
  { key: 'age', title: 'AGE', min: 3, max: 7, drop: 1, align: 'right', optional: true },
];

const POD_COLUMNS = makePodColumns(false);
const POD_COLUMNS_ALL_NAMESPACES = makePodColumns(true);
/** The pods pane's columns; with all namespaces shown, NAMESPACE comes first (as in kubectl -A). */
export const podColumns = (withNamespace: boolean): readonly Column[] => (withNamespace ? POD_COLUMNS_ALL_NAMESPACES : POD_COLUMNS);

export interface PodRowContext {
  now: number;
  withNamespace: boolean;
  sourceKey: string | undefined;
  targetKey: string | undefined;
  ipChanges: ReadonlyMap<string, IpChange>;
}

export function podRow(p: PodView, ctx: PodRowContext): Row {
  const mark = p.key === ctx.sourceKey ? 'S' : p.key === ctx.targetKey ? 'T' : ' ';
  const change = ctx.ipChanges.get(p.key);
  const changed = change !== undefined && change.to === p.ip && ctx.now - change.at < IP_CHANGE_MS;
  const ip = changed ? `${p.ip} (was ${change.from})` : p.ip || '<none>';
  const cells = [mark, ...(ctx.withNamespace ? [p.namespace] : []), p.name, p.ready, p.status, restartsText(p, ctx.now), ip, p.node || '<none>', age(p.createdMs, ctx.now)];
  const tones: Tone[] = cells.map(() => undefined);
  const shift = ctx.withNamespace ? 1 : 0; // the columns after NAMESPACE move one to the right
  if (mark !== ' ') tones[0] = 'mark';
  tones[3 + shift] = statusTone(p);
  if (p.restartCount > 0) tones[4 + shift] = 'warn';
  if (changed) tones[5 + shift] = 'changed';
  return { id: p.key, cells, tones };
}

/** kubectl's Restarts column: "0", or "3 (5m ago)" (printers.go printPod). */
export function restartsText(p: PodView, now: number): string {
  if (p.restartCount === 0 || p.lastRestartMs === undefined) return String(p.restartCount);
  return `${p.restartCount} (${humanDuration(Math.max(0, now - p.lastRestartMs))} ago)`;
}

// The clock ticks every 10 s (so idle ages cost few bytes); an object newer than the last tick is
// "0s" old rather than "<invalid>".
const age = (createdMs: number | undefined, now: number) => (createdMs === undefined ? '<unknown>' : humanDuration(Math.max(0, now - createdMs)));

function statusTone(p: PodView): Tone {
  const s = p.status;
  if (s === 'Completed' || s === 'Succeeded') return 'dim';
  if (s === 'Running') {
    const [ready, total] = p.ready.split('/');
    return ready === total ? 'ok' : 'warn';
  }
  if (s === 'Pending' || s === 'ContainerCreating' || s === 'PodInitializing' || s === 'Terminating' || /^Init:\d+\/\d+$/.test(s)) return 'warn';
  return 'fail';
}

export const nodeColumns: readonly Column[] = [
  { key: 'name', title: 'NAME', min: 10, max: 40, flex: true },
  { key: 'status', title: 'STATUS', min: 6, max: 28 },
  { key: 'roles', title: 'ROLES', min: 5, max: 24, drop: 2, optional: true },
  { key: 'ip', title: 'INTERNAL-IP', min: 11, max: 40 },
  { key: 'cidr', title: 'POD-CIDR', min: 8, max: 43, drop: 4 },
  { key: 'pods', title: 'PODS', min: 4, max: 6, align: 'right', drop: 3, optional: true },
  { key: 'age', title: 'AGE', min: 3, max: 7, drop: 1, align: 'right', optional: true },
];

export function nodeRow(n: NodeView, podCount: number, now: number): Row {
  const cells = [n.name, n.status, n.roles, n.internalIP || '<none>', n.podCIDR || '<none>', String(podCount), age(n.createdMs, now)];
  const tones: Tone[] = cells.map(() => undefined);
  tones[1] = n.status.startsWith('Ready') ? (n.status === 'Ready' ? 'ok' : 'warn') : 'fail';
  return { id: n.name, cells, tones };
}
