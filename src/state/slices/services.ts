// The services & forwards pane's state (owned by the services pane).
import type { Action } from '../actions.js';

export type ServicesState = Record<string, never>;
export const initialServices: ServicesState = {};

export function reduceServices(state: ServicesState, _action: Action): ServicesState {
  return state;
}
