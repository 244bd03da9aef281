// The probe console's reactor (owned by the probe console): starts and stops probes as the state asks.
import type { AppState } from '../state/reducer.js';
import type { Store } from '../state/store.js';
import type { Session } from '../kube/session.js';

export function startProbeEffects(_store: Store<AppState>, _session: () => Session): { stop: () => void } {
  return { stop() {} };
}
