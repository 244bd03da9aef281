// One store per run: state, dispatch, subscribe. Listeners run after the state is replaced,
// outside any lock-like section, so a listener may dispatch.
import type { Action } from './actions.js';

export interface Store<S> {
  getState: () => S;
  dispatch: (action: Action) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createStore<S>(reducer: (s: S, a: Action) => S, initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const l of [...listeners]) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
