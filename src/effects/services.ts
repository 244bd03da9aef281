// The services & forwards pane's reactor (owned by the services pane): watches Services and
// EndpointSlices for the target, runs expose, and drives the forward manager.
import type { AppState } from '../state/reducer.js';
import type { Store } from '../state/store.js';
import type { Session } from '../kube/session.js';

export function startServiceEffects(_store: Store<AppState>, _session: () => Session): { stop: () => void } {
  return { stop() {} };
}
