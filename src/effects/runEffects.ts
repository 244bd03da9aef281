// The reactor between the store and the cluster: it watches the state for what the user asked
// (another context, another namespace, a description) and starts, stops or fetches accordingly.
// The only place where async results become actions; UI code only dispatches.
import type { Action } from '../state/actions.js';
import type { AppState } from '../state/reducer.js';
import type { Store } from '../state/store.js';
import { inNamespace, scopeText, type NamespaceScope } from '../state/model.js';
import { switchContext, type Session } from '../kube/session.js';
import { fetchPodDescription } from '../kube/describe.js';
import { classify } from '../kube/kubeErrors.js';
import { releaseConnections } from '../kube/request.js';
import { watchNodes, watchPods, type ClusterWatch } from './watchCluster.js';
import { startProbeEffects } from './probes.js';
import { reconciler } from './reconciler.js';
import { startServiceEffects } from './services.js';

export const CLOCK_MS = 10_000;
export const FLASH_MS = 5_000;

export interface EffectsDeps {
  switchContext: (s: Session, context: string) => Session;
  watchPods: (s: Session, scope: NamespaceScope, dispatch: (a: Action) => void) => ClusterWatch;
  watchNodes: (s: Session, dispatch: (a: Action) => void) => ClusterWatch;
  describe: typeof fetchPodDescription;
  /** Closes what a session keeps open (kept-alive connections). */
  release: (s: Session) => void;
}

const defaults: EffectsDeps = { switchContext, watchPods, watchNodes, describe: fetchPodDescription, release: (s) => releaseConnections(s.kc) };

export function startEffects(store: Store<AppState>, first: Session, deps: EffectsDeps = defaults): { stop: () => void } {
  const dispatch = store.dispatch;
  let session = first;
  let pods: { watch: ClusterWatch; scope: string } | undefined;
  let nodes: ClusterWatch | undefined;
  let describing: { key: string; rv: string | undefined; abort: AbortController } | undefined;
  let flashId: number | undefined;
  let flashTimer: NodeJS.Timeout | undefined;

  const reconcile = reconciler(() => step(store.getState()));

  const step = (s: AppState) => {
    if (s.session.wanted.context !== session.context) {
      try {
        const next = deps.switchContext(session, s.session.wanted.context);
        stopWatches();
        deps.release(session);
        session = next;
      } catch (e) {
        dispatch({ type: 'session/failed', message: (e as Error).message });
        dispatch({ type: 'flash/shown', level: 'error', text: (e as Error).message });
        return;
      }
    }
    const scope = s.session.wanted.scope ?? inNamespace(session.namespace);
    if (!pods || pods.scope !== scopeKey(scope)) {
      pods?.watch.stop();
      pods = { watch: deps.watchPods(session, scope, dispatch), scope: scopeKey(scope) };
      nodes ??= deps.watchNodes(session, dispatch);
      dispatch({
        type: 'session/opened',
        session: { context: session.context, contexts: session.contexts, cluster: session.cluster, server: session.server, user: session.user, scope },
      });
    }
    describe(s);
    flash(s);
  };

  const describe = (s: AppState) => {
    const d = s.view.describe;
    if (!d) {
      describing?.abort.abort();
      describing = undefined;
      return;
    }
    // Fetch when opened, and again whenever the watch brings a newer version of the pod.
    const rv = s.pods.byKey.get(d.key)?.resourceVersion;
    if (describing && describing.key === d.key && describing.rv === rv) return;
    describing?.abort.abort();
    const abort = new AbortController();
    describing = { key: d.key, rv, abort };
    deps.describe(session, d.ref, abort.signal).then(
      (description) => !abort.signal.aborted && dispatch({ type: 'describe/loaded', key: d.key, description, at: Date.now() }),
      (err) => {
        if (abort.signal.aborted) return;
        const f = classify(err, { verb: 'get', resource: 'pods', namespace: d.ref.namespace, name: d.ref.name }, session.failure);
        dispatch({ type: 'describe/failed', key: d.key, message: f.message });
      },
    );
  };

  const flash = (s: AppState) => {
    const f = s.view.flash;
    if (!f || f.id === flashId) return;
    flashId = f.id;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => dispatch({ type: 'flash/expired', id: f.id }), f.level === 'error' ? 2 * FLASH_MS : FLASH_MS);
  };

  const stopWatches = () => {
    pods?.watch.stop();
    nodes?.stop();
    pods = undefined;
    nodes = undefined;
  };

  // The probe console and the services & forwards pane react to the store on their own; they
  // reach the cluster through whichever session is current.
  const probes = startProbeEffects(store, () => session);
  const services = startServiceEffects(store, () => session);
  const unsubscribe = store.subscribe(reconcile);
  const clock = setInterval(() => dispatch({ type: 'clock/ticked', now: Date.now() }), CLOCK_MS);
  reconcile();
  return {
    stop() {
      unsubscribe();
      probes.stop();
      services.stop();
      clearInterval(clock);
      clearTimeout(flashTimer);
      describing?.abort.abort();
      stopWatches();
      deps.release(session);
    },
  };
}

const scopeKey = (s: NamespaceScope) => (s.all ? '*' : `ns:${scopeText(s)}`);
