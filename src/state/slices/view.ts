// What the user is looking at: focus, cursors (kept by key, so they survive updates), filters,
// the prompt, overlays, the source/target marks and the flash message.
import type { Action, FlashLevel, Pane } from '../actions.js';
import type { PodRef } from '../model.js';
import { podKey } from '../model.js';
import type { PodDescription } from '../describeModel.js';

export type ListPane = 'nodes' | 'pods';
export const PANES: readonly Pane[] = ['nodes', 'pods', 'probe', 'services'];

export interface Cursor {
  /** The selected row's key; when it disappears the cursor keeps its index. */
  key: string | undefined;
  index: number;
}

export interface DescribeState {
  ref: PodRef;
  key: string;
  scroll: number;
  description: PodDescription | undefined;
  /** When the description was fetched: its ages are computed from then on. */
  loadedAt: number;
  error: string | undefined;
}

export interface ViewState {
  focus: Pane;
  overlay: 'none' | 'help' | 'describe';
  prompt: { kind: 'filter' | 'command'; text: string; before: string } | undefined;
  filters: Readonly<Record<ListPane, string>>;
  cursors: Readonly<Record<ListPane, Cursor>>;
  marks: { source: PodRef | undefined; target: PodRef | undefined };
  describe: DescribeState | undefined;
  flash: { level: FlashLevel; text: string; id: number } | undefined;
  quitting: boolean;
}

export const initialView: ViewState = {
  focus: 'pods',
  overlay: 'none',
  prompt: undefined,
  filters: { nodes: '', pods: '' },
  cursors: { nodes: { key: undefined, index: 0 }, pods: { key: undefined, index: 0 } },
  marks: { source: undefined, target: undefined },
  describe: undefined,
  flash: undefined,
  quitting: false,
};

export const isListPane = (p: Pane): p is ListPane => p === 'nodes' || p === 'pods';

/** Where the cursor is in `keys` now: at its key if still listed, else at its old index. */
export function cursorIndex(c: Cursor, keys: readonly string[]): number {
  if (keys.length === 0) return 0;
  const at = c.key === undefined ? -1 : keys.indexOf(c.key);
  return at >= 0 ? at : Math.min(c.index, keys.length - 1);
}

export interface ViewContext {
  /** The keys a list pane shows, filter applied. */
  visible: (p: ListPane) => readonly string[];
  /** How many lines the open description has. */
  describeLines: () => number;
}

export function reduceView(state: ViewState, action: Action, ctx: ViewContext): ViewState {
  switch (action.type) {
    case 'cursor/moved':
    case 'cursor/jumped': {
      if (state.overlay === 'describe' && action.type === 'cursor/moved') return scrollDescribe(state, action.by, ctx);
      if (!isListPane(action.pane)) return state;
      const keys = ctx.visible(action.pane);
      const from = cursorIndex(state.cursors[action.pane], keys);
      const to = action.type === 'cursor/jumped' ? (action.to === 'first' ? 0 : keys.length - 1) : from + action.by;
      const index = Math.max(0, Math.min(keys.length - 1, to));
      return { ...state, cursors: { ...state.cursors, [action.pane]: { key: keys[index], index } } };
    }
    case 'focus/cycled': {
      const among = action.among.length ? action.among : PANES;
      const i = among.indexOf(state.focus);
      return { ...state, focus: among[(Math.max(0, i) + action.by + among.length) % among.length]! };
    }
    case 'focus/moved':
      return state.focus === action.to ? state : { ...state, focus: action.to };
    case 'help/toggled':
      return { ...state, overlay: state.overlay === 'help' ? 'none' : 'help' };
    case 'overlay/closed':
      return { ...state, overlay: 'none', describe: undefined };
    case 'prompt/opened': {
      const before = action.kind === 'filter' && isListPane(state.focus) ? state.filters[state.focus] : '';
      return { ...state, prompt: { kind: action.kind, text: action.kind === 'filter' ? before : '', before } };
    }
    case 'prompt/edited':
      if (!state.prompt) return state;
      return withFilter({ ...state, prompt: { ...state.prompt, text: action.text } }, state.prompt.kind === 'filter' ? action.text : undefined);
    case 'prompt/cancelled':
      if (!state.prompt) return state;
      return withFilter({ ...state, prompt: undefined }, state.prompt.kind === 'filter' ? state.prompt.before : undefined);
    case 'prompt/submitted':
      return { ...state, prompt: undefined };
    case 'filter/cleared':
      return withFilter(state, '');
    case 'describe/opened':
      return {
        ...state,
        overlay: 'describe',
        describe: { ref: action.ref, key: podKey(action.ref), scroll: 0, description: undefined, loadedAt: 0, error: undefined },
      };
    case 'describe/loaded':
    case 'describe/failed':
      if (state.describe?.key !== action.key) return state;
      return action.type === 'describe/loaded'
        ? { ...state, describe: { ...state.describe, description: action.description, loadedAt: action.at, error: undefined } }
        : { ...state, describe: { ...state.describe, error: action.message } };
    case 'describe/scrolled':
      return scrollDescribe(state, action.by, ctx);
    case 'mark/sourceToggled':
    case 'mark/targetToggled':
      return { ...state, marks: toggleMark(state.marks, action.type === 'mark/sourceToggled' ? 'source' : 'target', action.ref) };
    case 'namespace/chosen':
    case 'context/chosen':
      return { ...state, cursors: initialView.cursors, filters: { ...state.filters, pods: '' } };
    case 'flash/shown':
      return { ...state, flash: { level: action.level, text: action.text, id: (state.flash?.id ?? 0) + 1 } };
    case 'flash/expired':
      return state.flash?.id === action.id ? { ...state, flash: undefined } : state;
    case 'app/quitRequested':
      return { ...state, quitting: true };
    default:
      return state;
  }
}

function withFilter(state: ViewState, text: string | undefined): ViewState {
  if (text === undefined || !isListPane(state.focus) || state.filters[state.focus] === text) return state;
  return { ...state, filters: { ...state.filters, [state.focus]: text } };
}

function scrollDescribe(state: ViewState, by: number, ctx: ViewContext): ViewState {
  if (!state.describe) return state;
  const scroll = Math.max(0, Math.min(ctx.describeLines() - 1, state.describe.scroll + by));
  return scroll === state.describe.scroll ? state : { ...state, describe: { ...state.describe, scroll } };
}

function toggleMark(marks: ViewState['marks'], which: 'source' | 'target', ref: PodRef): ViewState['marks'] {
  const other = which === 'source' ? 'target' : 'source';
  const same = (a: PodRef | undefined) => a !== undefined && podKey(a) === podKey(ref);
  if (same(marks[which])) return { ...marks, [which]: undefined };
  // A pod cannot be both ends of a probe: marking it here unmarks it there.
  return { ...marks, [which]: ref, [other]: same(marks[other]) ? undefined : marks[other] };
}
