// Pods in the watched scope, in display order, plus what the explorer remembers about them:
// the IP a pod had before it restarted (pod IPs change on restart) and when that was seen.
import type { Action } from '../actions.js';
import type { PodView } from '../model.js';
import { applyChanges, comparePodKeys, emptyCollection, type Collection } from '../collection.js';

/** How long a changed IP stays highlighted with the old one beside it. */
export const IP_CHANGE_MS = 60_000;
/** How long the IP of a deleted pod is remembered, to compare with its replacement's. */
export const DEPARTED_MS = 10 * 60_000;

export interface IpChange {
  from: string;
  to: string;
  at: number;
}

export interface PodsState extends Collection<PodView> {
  synced: boolean;
  ipChanges: ReadonlyMap<string, IpChange>;
  departed: ReadonlyMap<string, { ip: string; at: number }>;
}

export const initialPods: PodsState = { ...emptyCollection<PodView>(), synced: false, ipChanges: new Map(), departed: new Map() };

const samePod = (a: PodView, b: PodView) => a.uid === b.uid && a.resourceVersion === b.resourceVersion;

export function reducePods(state: PodsState, action: Action): PodsState {
  switch (action.type) {
    case 'pods/changed':
      return podsChanged(state, action.upserts, action.deleted, action.at);
    case 'watch/synced':
      return action.resource === 'pods' && !state.synced ? { ...state, synced: true } : state;
    case 'namespace/chosen':
    case 'context/chosen':
      return initialPods;
    case 'clock/ticked':
      return prune(state, action.now);
    default:
      return state;
  }
}

function podsChanged(
  state: PodsState, upserts: readonly PodView[], deleted: readonly { key: string; uid: string }[], at: number,
): PodsState {
  let departed: Map<string, { ip: string; at: number }> | undefined;
  const gone = new Set<string>();
  for (const d of deleted) {
    const prev = state.byKey.get(d.key);
    // Only the incarnation that was deleted: its successor (same name, new uid) may already be here.
    if (!prev || prev.uid !== d.uid) continue;
    gone.add(d.key);
    if (prev.ip) (departed ??= new Map(state.departed)).set(d.key, { ip: prev.ip, at });
  }
  let ipChanges: Map<string, IpChange> | undefined;
  for (const p of upserts) {
    if (!p.ip) continue;
    const prev = state.byKey.get(p.key);
    const before = (prev && !gone.has(p.key) ? prev.ip : '') || (departed ?? state.departed).get(p.key)?.ip || '';
    if (before && before !== p.ip) (ipChanges ??= new Map(state.ipChanges)).set(p.key, { from: before, to: p.ip, at });
    if ((departed ?? state.departed).has(p.key)) (departed ??= new Map(state.departed)).delete(p.key);
  }
  const collection = applyChanges(state, { upserts, deleted: [...gone] }, (p) => p.key, samePod, comparePodKeys);
  if (collection === state && !departed && !ipChanges) return state;
  return {
    ...state,
    byKey: collection.byKey,
    order: collection.order,
    departed: departed ?? state.departed,
    ipChanges: ipChanges ?? state.ipChanges,
  };
}

function prune(state: PodsState, now: number): PodsState {
  const staleChange = [...state.ipChanges].some(([, c]) => now - c.at >= IP_CHANGE_MS);
  const staleDeparted = [...state.departed].some(([, d]) => now - d.at >= DEPARTED_MS);
  if (!staleChange && !staleDeparted) return state;
  return {
    ...state,
    ipChanges: new Map([...state.ipChanges].filter(([, c]) => now - c.at < IP_CHANGE_MS)),
    departed: new Map([...state.departed].filter(([, d]) => now - d.at < DEPARTED_MS)),
  };
}
