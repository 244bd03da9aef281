// Hands the one store (and the theme) to the panes; useSelector reads a narrow slice of it and
// re-renders only when that slice changes (useSyncExternalStore, compared by identity).
import React, { createContext, useContext, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { AppState } from '../state/reducer.js';
import type { Store } from '../state/store.js';
import type { Action } from '../state/actions.js';
import { makeTheme, type Theme } from './theme.js';

interface Ctx {
  store: Store<AppState>;
  theme: Theme;
}

const StoreContext = createContext<Ctx | undefined>(undefined);

export function StoreProvider(p: { store: Store<AppState>; theme?: Theme; children?: ReactNode }) {
  const value = React.useMemo(() => ({ store: p.store, theme: p.theme ?? makeTheme(false) }), [p.store, p.theme]);
  return <StoreContext.Provider value={value}>{p.children}</StoreContext.Provider>;
}

function useCtx(): Ctx {
  const c = useContext(StoreContext);
  if (!c) throw new Error('StoreProvider is missing');
  return c;
}

/**
 * A slice of the state; the component re-renders only when it changes. `equal` lets a selector
 * that builds a new object each time (a pane's rows) keep the previous one when nothing on
 * screen changed, so a watch batch that touches only pods off screen costs no frame.
 */
export function useSelector<T>(select: (s: AppState) => T, equal: (a: T, b: T) => boolean = Object.is): T {
  const { store } = useCtx();
  const last = useRef<{ state: AppState; select: (s: AppState) => T; value: T } | undefined>(undefined);
  const snapshot = () => {
    const state = store.getState();
    const prev = last.current;
    if (prev && prev.state === state && prev.select === select) return prev.value;
    const next = select(state);
    const value = prev && equal(prev.value, next) ? prev.value : next;
    last.current = { state, select, value };
    return value;
  };
  return useSyncExternalStore(store.subscribe, snapshot);
}

export function useDispatch(): (a: Action) => void {
  return useCtx().store.dispatch;
}

export function useStoreState(): () => AppState {
  return useCtx().store.getState;
}

export function useTheme(): Theme {
  return useCtx().theme;
}
