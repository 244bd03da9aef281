// Which cluster and namespace the explorer shows (wanted by the user, and as opened by the
// effects), how each watch is doing, and the clock that ages and highlights are computed with.
import type { Action, Resource, SessionInfo } from '../actions.js';
import type { NamespaceScope } from '../model.js';

export interface WatchStatus {
  state: 'loading' | 'live' | 'failed';
  message?: string;
  retryInMs?: number;
}

export interface SessionState {
  /** What the user asked for; the effects open it and answer with session/opened. */
  wanted: { context: string; scope: NamespaceScope | undefined };
  /** What is open now. */
  info: SessionInfo | undefined;
  /** Why the wanted context could not be opened (the previous one stays open). */
  error: string | undefined;
  watches: Readonly<Record<Resource, WatchStatus>>;
  readonly: boolean;
  now: number;
}

const loading: Readonly<Record<Resource, WatchStatus>> = { pods: { state: 'loading' }, nodes: { state: 'loading' } };

export function initialSession(o: { context: string; scope: NamespaceScope | undefined; readonly: boolean; now: number }): SessionState {
  return { wanted: { context: o.context, scope: o.scope }, info: undefined, error: undefined, watches: loading, readonly: o.readonly, now: o.now };
}

export function reduceSession(state: SessionState, action: Action): SessionState {
  switch (action.type) {
    case 'session/opened':
      return { ...state, info: action.session, error: undefined, wanted: { context: action.session.context, scope: action.session.scope } };
    case 'session/failed':
      return { ...state, error: action.message, wanted: state.info ? { context: state.info.context, scope: state.info.scope } : state.wanted };
    case 'namespace/chosen':
      return { ...state, wanted: { ...state.wanted, scope: action.scope }, watches: { ...state.watches, pods: { state: 'loading' } } };
    case 'context/chosen':
      // A new context starts in its own default namespace, unless all namespaces were shown.
      return { ...state, wanted: { context: action.context, scope: state.wanted.scope?.all ? state.wanted.scope : undefined }, watches: loading };
    case 'watch/synced':
      return withWatch(state, action.resource, () => ({ state: 'live' }));
    case 'watch/failed':
      return withWatch(state, action.resource, () => ({ state: 'failed', message: action.message, retryInMs: action.retryInMs }));
    case 'clock/ticked':
      return { ...state, now: action.now };
    default:
      return state;
  }
}

function withWatch(state: SessionState, r: Resource, f: (w: WatchStatus) => WatchStatus): SessionState {
  const next = f(state.watches[r]);
  return next === state.watches[r] ? state : { ...state, watches: { ...state.watches, [r]: next } };
}
