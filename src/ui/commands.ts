// What each command does, as the action it dispatches given the state. Pure (no Ink, no I/O), so
// keymap.test.ts can check that every command in the keymap has a handler.
import type { Action, Pane } from '../state/actions.js';
import type { AppState } from '../state/reducer.js';
import { allNamespaces } from '../state/model.js';
import { selectedPod } from '../state/selectors.js';
import type { Command } from './keymap.js';
import { probeHandlers } from './probeCommands.js';
import { servicesHandlers } from './servicesCommands.js';

export interface CommandContext {
  /** Rows a page key moves in the focused list or overlay. */
  pageSize: number;
  /** The panes on screen, in focus order. */
  panes: readonly Pane[];
}

export type Handler = (s: AppState, c: CommandContext) => Action | undefined;

const listPane = (s: AppState) => s.view.focus;
const onSelectedPod = (make: (ref: { namespace: string; name: string }) => Action): Handler => (s) => {
  const p = selectedPod(s);
  return p ? make({ namespace: p.namespace, name: p.name }) : { type: 'flash/shown', level: 'warn', text: 'No pod is selected.' };
};

export const handlers: Record<Command, Handler> = {
  ...probeHandlers,
  ...servicesHandlers,
  'app.quit': () => ({ type: 'app/quitRequested' }),
  'app.help': () => ({ type: 'help/toggled' }),
  'focus.next': (_s, c) => ({ type: 'focus/cycled', by: 1, among: c.panes }),
  'focus.previous': (_s, c) => ({ type: 'focus/cycled', by: -1, among: c.panes }),
  'prompt.command': () => ({ type: 'prompt/opened', kind: 'command' }),
  'namespace.all': (s) => (s.session.wanted.scope?.all ? undefined : { type: 'namespace/chosen', scope: allNamespaces }),
  'cursor.down': (s) => ({ type: 'cursor/moved', pane: listPane(s), by: 1 }),
  'cursor.up': (s) => ({ type: 'cursor/moved', pane: listPane(s), by: -1 }),
  'cursor.pageDown': (s, c) => ({ type: 'cursor/moved', pane: listPane(s), by: c.pageSize }),
  'cursor.pageUp': (s, c) => ({ type: 'cursor/moved', pane: listPane(s), by: -c.pageSize }),
  'cursor.first': (s) => ({ type: 'cursor/jumped', pane: listPane(s), to: 'first' }),
  'cursor.last': (s) => ({ type: 'cursor/jumped', pane: listPane(s), to: 'last' }),
  'prompt.filter': () => ({ type: 'prompt/opened', kind: 'filter' }),
  'filter.clear': () => ({ type: 'filter/cleared' }),
  'pod.describe': onSelectedPod((ref) => ({ type: 'describe/opened', ref })),
  'pod.markSource': onSelectedPod((ref) => ({ type: 'mark/sourceToggled', ref })),
  'pod.markTarget': onSelectedPod((ref) => ({ type: 'mark/targetToggled', ref })),
  'help.close': () => ({ type: 'overlay/closed' }),
  'describe.close': () => ({ type: 'overlay/closed' }),
  'describe.down': () => ({ type: 'describe/scrolled', by: 1 }),
  'describe.up': () => ({ type: 'describe/scrolled', by: -1 }),
  'describe.pageDown': (_s, c) => ({ type: 'describe/scrolled', by: c.pageSize }),
  'describe.pageUp': (_s, c) => ({ type: 'describe/scrolled', by: -c.pageSize }),
  'prompt.submit': () => ({ type: 'prompt/submitted' }),
  'prompt.cancel': () => ({ type: 'prompt/cancelled' }),
  'prompt.erase': (s) => (s.view.prompt ? { type: 'prompt/edited', text: s.view.prompt.text.slice(0, -1) } : undefined),
};

/** Printable text typed while the prompt is open (one key or a paste). */
export function promptTyped(s: AppState, text: string): Action | undefined {
  if (!s.view.prompt) return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return clean ? { type: 'prompt/edited', text: s.view.prompt.text + clean } : undefined;
}
