// Mounts the App with Ink on the real terminal. Kept apart so that src/cli/tui.ts can load React
// and Ink (about 100 ms of module evaluation) while the first list requests are already in flight.
import React from 'react';
import { render, type Instance } from 'ink';
import type { AppState } from '../state/reducer.js';
import type { Store } from '../state/store.js';
import { App } from './App.js';
import { StoreProvider } from './StoreProvider.js';
import { makeTheme } from './theme.js';
import { screenStream } from './screenStream.js';

export function mountApp(store: Store<AppState>, o: { noColor: boolean }): Instance {
  return render(React.createElement(StoreProvider, { store, theme: makeTheme(o.noColor) }, React.createElement(App)), {
    stdout: screenStream(process.stdout),
    exitOnCtrlC: false,
    incrementalRendering: true,
    maxFps: 60,
    patchConsole: false,
  });
}
