// The probe console's state (owned by the probe console).
import type { Action } from '../actions.js';

export type ProbeState = Record<string, never>;
export const initialProbe: ProbeState = {};

export function reduceProbe(state: ProbeState, _action: Action): ProbeState {
  return state;
}
