// The root reducer: slices composed, plus the few actions that need more than one slice
// (a submitted prompt becomes the action it names).
import type { Action } from './actions.js';
import { initialNodes, reduceNodes, type NodesState } from './slices/nodes.js';
import { initialPods, reducePods, type PodsState } from './slices/pods.js';
import { initialSession, reduceSession, type SessionState } from './slices/session.js';
import { cursorIndex, initialView, reduceView, type ViewState } from './slices/view.js';
import { initialProbe, reduceProbe, type ProbeState } from './slices/probe.js';
import { initialServices, reduceServices, type ServicesState } from './slices/services.js';
import { describeText, visibleKeys } from './selectors.js';
import { parseCommand } from './prompt.js';
import type { NamespaceScope } from './model.js';

export interface AppState {
  session: SessionState;
  pods: PodsState;
  nodes: NodesState;
  view: ViewState;
  probe: ProbeState;
  services: ServicesState;
}

export function initialState(o: { context: string; scope: NamespaceScope | undefined; readonly: boolean; now: number }): AppState {
  return { session: initialSession(o), pods: initialPods, nodes: initialNodes, view: initialView, probe: initialProbe, services: initialServices };
}

export function reducer(state: AppState, action: Action): AppState {
  if (changesFilter(state, action)) state = withCursorOnShownRow(state);
  if (action.type === 'prompt/submitted' && state.view.prompt) {
    const prompt = state.view.prompt;
    const closed = reducer(state, { type: 'prompt/cancelled' });
    if (prompt.kind === 'filter') return { ...closed, view: { ...closed.view, filters: withFocusFilter(state, prompt.text) } };
    const next = parseCommand(prompt.text, state.session.info?.contexts ?? []);
    return next ? reducer(closed, next) : closed;
  }
  const session = reduceSession(state.session, action);
  const pods = reducePods(state.pods, action);
  const nodes = reduceNodes(state.nodes, action);
  const view = reduceView(state.view, action, {
    visible: (pane) => visibleKeys({ ...state, pods, nodes }, pane),
    describeLines: () => describeText(state).length,
  });
  const probe = reduceProbe(state.probe, action);
  const services = reduceServices(state.services, action);
  if (session === state.session && pods === state.pods && nodes === state.nodes && view === state.view && probe === state.probe && services === state.services) return state;
  return { session, pods, nodes, view, probe, services };
}

const changesFilter = (s: AppState, a: Action) =>
  a.type === 'filter/cleared' || (s.view.prompt?.kind === 'filter' && (a.type === 'prompt/edited' || a.type === 'prompt/cancelled' || a.type === 'prompt/submitted'));

/** Before a filter changes, the cursor is pinned to the row it shows, so the row the user saw
 * selected stays selected when the filter is cleared or narrowed further. */
function withCursorOnShownRow(s: AppState): AppState {
  const pane = s.view.focus;
  if (pane !== 'nodes' && pane !== 'pods') return s;
  const keys = visibleKeys(s, pane);
  const cursor = s.view.cursors[pane];
  const index = cursorIndex(cursor, keys);
  const key = keys[index];
  if (key === undefined || key === cursor.key) return s;
  return { ...s, view: { ...s.view, cursors: { ...s.view.cursors, [pane]: { key, index } } } };
}

function withFocusFilter(state: AppState, text: string): ViewState['filters'] {
  const pane = state.view.focus;
  return pane === 'nodes' || pane === 'pods' ? { ...state.view.filters, [pane]: text } : state.view.filters;
}
