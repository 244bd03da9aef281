// What the NODES and PODS panes draw, as one value each: the rows in the window on screen plus
// the pane's counts and state. Built on every store change, compared by value (samePaneView), so
// a pane re-renders only when something it shows changed.
import type { AppState } from './reducer.js';
import type { NamespaceScope } from './model.js';
import { podKey } from './model.js';
import { nodeRow, podRow, type Row } from './rows.js';
import { nodeCursorIndex, podCursorIndex, podsPerNode, visibleNodeKeys, visiblePodKeys } from './selectors.js';
import type { WatchStatus } from './slices/session.js';

export interface PaneView {
  rows: readonly Row[];
  /** Index of the first row shown, and of the cursor, in the filtered list. */
  top: number;
  cursor: number;
  shown: number;
  total: number;
  filter: string;
  synced: boolean;
  watch: WatchStatus;
  scope: NamespaceScope | undefined;
}

/** The first row shown: moved only as far as needed to keep the cursor visible. */
export function windowTop(prevTop: number, cursor: number, count: number, height: number): number {
  if (height <= 0 || count <= height) return 0;
  let top = Math.min(prevTop, count - height);
  if (cursor < top) top = cursor;
  if (cursor >= top + height) top = cursor - height + 1;
  return Math.max(0, top);
}

export function podsPaneView(s: AppState, height: number, prevTop: number): PaneView {
  const keys = visiblePodKeys(s);
  const cursor = podCursorIndex(s);
  const top = windowTop(prevTop, cursor, keys.length, height);
  const scope = s.session.info?.scope;
  const ctx = {
    now: s.session.now,
    withNamespace: !!scope?.all,
    sourceKey: s.view.marks.source && podKey(s.view.marks.source),
    targetKey: s.view.marks.target && podKey(s.view.marks.target),
    ipChanges: s.pods.ipChanges,
  };
  const rows = keys.slice(top, top + height).map((k) => podRow(s.pods.byKey.get(k)!, ctx));
  return { rows, top, cursor, shown: keys.length, total: s.pods.order.length, filter: s.view.filters.pods, synced: s.pods.synced, watch: s.session.watches.pods, scope };
}

export function nodesPaneView(s: AppState, height: number, prevTop: number): PaneView {
  const keys = visibleNodeKeys(s);
  const cursor = nodeCursorIndex(s);
  const top = windowTop(prevTop, cursor, keys.length, height);
  const counts = podsPerNode(s.pods.byKey);
  const rows = keys.slice(top, top + height).map((k) => nodeRow(s.nodes.byKey.get(k)!, counts.get(k) ?? 0, s.session.now));
  return { rows, top, cursor, shown: keys.length, total: s.nodes.order.length, filter: s.view.filters.nodes, synced: s.nodes.synced, watch: s.session.watches.nodes, scope: undefined };
}

const sameCells = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function samePaneView(a: PaneView, b: PaneView): boolean {
  return a.top === b.top && a.cursor === b.cursor && a.shown === b.shown && a.total === b.total && a.filter === b.filter &&
    a.synced === b.synced && a.watch === b.watch && a.scope === b.scope && a.rows.length === b.rows.length &&
    a.rows.every((r, i) => r.id === b.rows[i]!.id && sameCells(r.cells, b.rows[i]!.cells) && sameCells(r.tones, b.rows[i]!.tones));
}
