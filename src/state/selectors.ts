// Reads of the state that panes and key handlers share. Plain functions; the ones that walk every
// pod are memoized by input identity (20,000 pods: a filter pass is ~1 ms, and only runs on change).
import type { AppState } from './reducer.js';
import type { NodeView, PodView } from './model.js';
import { memoize } from './memo.js';
import { cursorIndex, type ListPane } from './slices/view.js';
import { describeLines } from './describeText.js';

const podMatches = (p: PodView, q: string) =>
  p.name.toLowerCase().includes(q) || p.namespace.toLowerCase().includes(q) || p.ip.includes(q) ||
  p.node.toLowerCase().includes(q) || p.status.toLowerCase().includes(q);

const nodeMatches = (n: NodeView, q: string) =>
  n.name.toLowerCase().includes(q) || n.internalIP.includes(q) || n.podCIDR.includes(q) || n.status.toLowerCase().includes(q);

const filterKeys = <T>(order: readonly string[], byKey: ReadonlyMap<string, T>, filter: string, match: (t: T, q: string) => boolean) => {
  const q = filter.trim().toLowerCase();
  return q === '' ? order : order.filter((k) => match(byKey.get(k)!, q));
};

const podKeysMemo = memoize((order: readonly string[], byKey: ReadonlyMap<string, PodView>, filter: string) =>
  filterKeys(order, byKey, filter, podMatches));
const nodeKeysMemo = memoize((order: readonly string[], byKey: ReadonlyMap<string, NodeView>, filter: string) =>
  filterKeys(order, byKey, filter, nodeMatches));

export const visiblePodKeys = (s: AppState): readonly string[] => podKeysMemo(s.pods.order, s.pods.byKey, s.view.filters.pods);
export const visibleNodeKeys = (s: AppState): readonly string[] => nodeKeysMemo(s.nodes.order, s.nodes.byKey, s.view.filters.nodes);
export const visibleKeys = (s: AppState, pane: ListPane) => (pane === 'pods' ? visiblePodKeys(s) : visibleNodeKeys(s));

export const podCursorIndex = (s: AppState) => cursorIndex(s.view.cursors.pods, visiblePodKeys(s));
export const nodeCursorIndex = (s: AppState) => cursorIndex(s.view.cursors.nodes, visibleNodeKeys(s));

export function selectedPod(s: AppState): PodView | undefined {
  const keys = visiblePodKeys(s);
  const key = keys[podCursorIndex(s)];
  return key === undefined ? undefined : s.pods.byKey.get(key);
}

/** Pods per node among the pods watched (the current namespace, or all with -A). */
export const podsPerNode = memoize((byKey: ReadonlyMap<string, PodView>) => {
  const counts = new Map<string, number>();
  for (const p of byKey.values()) if (p.node) counts.set(p.node, (counts.get(p.node) ?? 0) + 1);
  return counts;
});

const describeMemo = memoize((d: AppState['view']['describe'], now: number) =>
  (d?.description ? describeLines(d.description, Math.max(now, d.loadedAt)) : []));
export const describeText = (s: AppState): readonly string[] => describeMemo(s.view.describe, s.session.now);
