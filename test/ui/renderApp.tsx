// ink-testing-library with the app's store: seed a state, render a component at a fixed size,
// drive it with keys, read frames.
import React from 'react';
import { render } from 'ink-testing-library';
import { createStore } from '../../src/state/store.js';
import { initialState, reducer, type AppState } from '../../src/state/reducer.js';
import type { Action } from '../../src/state/actions.js';
import { StoreProvider } from '../../src/ui/StoreProvider.js';
import { makeTheme } from '../../src/ui/theme.js';
import { App } from '../../src/ui/App.js';
import { inNamespace, type NodeView, type PodView } from '../../src/state/model.js';
import { NOW, node, pod } from './fixtures.js';

export { NOW, node, pod };

export function seeded(o: { pods?: PodView[]; nodes?: NodeView[]; actions?: Action[]; readonly?: boolean } = {}): AppState {
  let s = initialState({ context: 'lab', scope: undefined, readonly: o.readonly ?? false, now: NOW });
  const apply = (a: Action) => (s = reducer(s, a));
  apply({ type: 'session/opened', session: { context: 'lab', contexts: ['lab', 'lab-readonly'], cluster: 'lab', server: 'https://127.0.0.1:6443', user: 'admin', scope: inNamespace('default') } });
  apply({ type: 'nodes/changed', upserts: o.nodes ?? [node('lab-node-1'), node('lab-node-2', { internalIP: '127.0.10.2', podCIDR: '10.244.1.0/24' })], deleted: [] });
  apply({ type: 'pods/changed', upserts: o.pods ?? [], deleted: [], at: NOW });
  apply({ type: 'watch/synced', resource: 'pods' });
  apply({ type: 'watch/synced', resource: 'nodes' });
  for (const a of o.actions ?? []) apply(a);
  return s;
}

export function renderApp(o: { state: AppState; columns?: number; rows?: number; noColor?: boolean; node?: React.ReactElement }) {
  const store = createStore(reducer, o.state);
  const size = { columns: o.columns ?? 120, rows: o.rows ?? 36 };
  const tree = (
    <StoreProvider store={store} theme={makeTheme(o.noColor ?? true)}>
      {o.node ?? <App size={size} />}
    </StoreProvider>
  );
  const ui = render(tree);
  // ink-testing-library's stdout is 100 columns wide; Ink lays the root out at that width.
  Object.defineProperty(ui.stdout, 'columns', { get: () => size.columns });
  Object.defineProperty(ui.stdout, 'rows', { get: () => size.rows });
  ui.rerender(tree);
  /** Types keys, waiting for Ink to handle each. */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      ui.stdin.write(k);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { ...ui, store, press };
}

export const KEY = { down: '\x1b[B', up: '\x1b[A', enter: '\r', esc: '\x1b', tab: '\t', backspace: '\x7f', ctrlC: '\x03', pageDown: '\x1b[6~' };
