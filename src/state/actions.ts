// Everything that can happen to the explorer, as past-tense events. Effects dispatch what the
// cluster did; the keyboard dispatches what the user did. Reducers are the only interpreters.
import type { NamespaceScope, NodeView, PodRef, PodView } from './model.js';
import type { PodDescription } from './describeModel.js';
import type { ProbeAction } from './probeActions.js';
import type { ServicesAction } from './servicesActions.js';

export type Pane = 'nodes' | 'pods' | 'probe' | 'services';
export type Resource = 'pods' | 'nodes';
export type FlashLevel = 'info' | 'warn' | 'error';

export interface SessionInfo {
  context: string;
  contexts: readonly string[];
  cluster: string;
  server: string;
  user: string;
  scope: NamespaceScope;
}

export type Action =
  // session and cluster
  | { type: 'session/opened'; session: SessionInfo }
  | { type: 'session/failed'; message: string }
  | { type: 'clock/ticked'; now: number }
  | { type: 'pods/changed'; upserts: readonly PodView[]; deleted: readonly { key: string; uid: string }[]; at: number }
  | { type: 'nodes/changed'; upserts: readonly NodeView[]; deleted: readonly string[] }
  | { type: 'watch/failed'; resource: Resource; message: string; retryInMs: number }
  | { type: 'watch/synced'; resource: Resource }
  | { type: 'describe/loaded'; key: string; description: PodDescription; at: number }
  | { type: 'describe/failed'; key: string; message: string }
  | { type: 'flash/shown'; level: FlashLevel; text: string }
  | { type: 'flash/expired'; id: number }
  // the user
  | { type: 'cursor/moved'; pane: Pane; by: number }
  | { type: 'cursor/jumped'; pane: Pane; to: 'first' | 'last' }
  | { type: 'focus/cycled'; by: 1 | -1; among: readonly Pane[] }
  /** The focused pane left the screen (the terminal narrowed, the console closed): focus moves to `to`. */
  | { type: 'focus/moved'; to: Pane }
  | { type: 'help/toggled' }
  | { type: 'overlay/closed' }
  | { type: 'prompt/opened'; kind: 'filter' | 'command' }
  | { type: 'prompt/edited'; text: string }
  | { type: 'prompt/submitted' }
  | { type: 'prompt/cancelled' }
  | { type: 'filter/cleared' }
  | { type: 'describe/opened'; ref: PodRef }
  | { type: 'describe/scrolled'; by: number }
  | { type: 'mark/sourceToggled'; ref: PodRef }
  | { type: 'mark/targetToggled'; ref: PodRef }
  | { type: 'namespace/chosen'; scope: NamespaceScope }
  | { type: 'context/chosen'; context: string }
  | { type: 'app/quitRequested' }
  // the probe console, and the services & forwards pane
  | ProbeAction
  | ServicesAction;
