// The services & forwards pane's reactor (owned by the services pane): watches Services and
// EndpointSlices in the namespaces the explorer shows, carries out the pane's requests (expose,
// start/stop/save a forward) and reports the forward manager's views. Everything async becomes
// an action here; the UI only dispatches.
import type { Action } from '../state/actions.js';
import type { AppState } from '../state/reducer.js';
import type { Store } from '../state/store.js';
import type { Session } from '../kube/session.js';
import type { ForwardManager, ForwardSpec, ForwardView } from '../forward/types.js';
import { createForwardManager } from '../forward/manager.js';
import { loadSaved, saveForward, unsaveForward } from '../forward/saved.js';
import { createService, type ExposedService } from '../kube/expose.js';
import { classify } from '../kube/kubeErrors.js';
import { cleanText } from '../state/sanitize.js';
import { scopeText, type NamespaceScope } from '../state/model.js';
import { hostPort, targetText, type ExposePlan, type ServicesRequest } from '../state/servicesModel.js';
import { watchServices } from './servicesWatch.js';
import { reconciler } from './reconciler.js';

/** A manager that can also mark forwards as saved (the real one can). */
export type Forwards = ForwardManager & { setSaved?: (id: string, saved: boolean) => void };

export interface SavedStore {
  load: (context: string, warn: (sentence: string) => void) => ForwardSpec[];
  save: (context: string, spec: ForwardSpec) => void;
  unsave: (context: string, spec: ForwardSpec) => void;
}

export interface ServiceEffectsDeps {
  watch: (session: Session, scope: NamespaceScope, dispatch: (a: Action) => void) => { stop: () => void };
  createService: (session: Session, plan: ExposePlan) => Promise<ExposedService>;
  /** One manager per session (context): forwards go through that context's credentials. */
  forwards: (session: Session) => Forwards;
  saved: SavedStore;
}

export const defaultServiceDeps: ServiceEffectsDeps = {
  watch: watchServices,
  createService,
  forwards: (session) => createForwardManager(session),
  saved: {
    load: (context, warn) => loadSaved(context, { warn }),
    save: (context, spec) => saveForward(context, spec),
    unsave: (context, spec) => unsaveForward(context, spec),
  },
};

/** The spec a forward is saved as: with the local port it got, so it comes back on the same URL. */
export const savedSpecOf = (f: ForwardView): ForwardSpec => ({ ...f.spec, localPort: f.localPort ?? f.spec.localPort });

export function startServiceEffects(store: Store<AppState>, session: () => Session, deps: ServiceEffectsDeps = defaultServiceDeps): { stop: () => void } {
  const dispatch = store.dispatch;
  let watch: { stop: () => void; session: Session; scope: string } | undefined;
  let forwards: { manager: Forwards; session: Session; unsubscribe: () => void } | undefined;
  let restoredFor: string | undefined;
  let taken = 0;
  let stopped = false;

  const flash = (level: 'info' | 'warn' | 'error', text: string) => dispatch({ type: 'flash/shown', level, text });

  const reconcile = reconciler(() => step(store.getState()), () => stopped);

  const step = (s: AppState) => {
    if (stopped) return;
    const info = s.session.info;
    if (!info) return;
    const current = session();
    // The explorer has opened a scope (session/opened): watch Services there, once per scope.
    const scopeKey = scopeText(info.scope);
    if (!watch || watch.session !== current || watch.scope !== scopeKey) {
      watch?.stop();
      dispatch({ type: 'services/reset' });
      watch = { ...deps.watch(current, info.scope, dispatch), session: current, scope: scopeKey };
    }
    if (forwards && forwards.session !== current) closeForwards(`context ${forwards.session.context}`);
    if (restoredFor !== current.context) {
      restoredFor = current.context;
      restore(current, s.session.readonly);
    }
    const outbox = s.services.outbox;
    if (outbox.length) {
      const upTo = outbox[outbox.length - 1]!.seq;
      dispatch({ type: 'services/requestsTaken', upTo });
      for (const { seq, request } of outbox) {
        if (seq <= taken) continue;
        taken = seq;
        void carryOut(request, current);
      }
    }
  };

  const manager = (current: Session): Forwards => {
    if (forwards?.session === current) return forwards.manager;
    const m = deps.forwards(current);
    const unsubscribe = m.subscribe((views) => !stopped && dispatch({ type: 'forwards/changed', forwards: views }));
    forwards = { manager: m, session: current, unsubscribe };
    return m;
  };

  const closeForwards = (why: string) => {
    if (!forwards) return;
    const { manager: m, unsubscribe } = forwards;
    const n = m.list().length;
    forwards = undefined;
    unsubscribe();
    void m.stopAll();
    dispatch({ type: 'forwards/changed', forwards: [] });
    if (n > 0 && !stopped) flash('info', `Stopped ${n} forward${n === 1 ? '' : 's'} of ${why}.`);
  };

  const restore = (current: Session, readonly: boolean) => {
    const specs = deps.saved.load(savedKey(current), (sentence) => flash('warn', cleanText(sentence)));
    if (specs.length === 0) return;
    if (readonly) {
      flash('info', `${specs.length} saved forward${specs.length === 1 ? '' : 's'} not restored: --readonly opens no ports.`);
      return;
    }
    const m = manager(current);
    void Promise.allSettled(specs.map(async (spec) => {
      const view = await m.start(spec);
      m.setSaved?.(view.id, true);
      return view;
    })).then((results) => {
      if (stopped) return;
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [oneSentence(r.reason)] : []));
      const text = `restored ${ok} saved forward${ok === 1 ? '' : 's'}`;
      if (failed.length === 0) flash('info', text);
      else flash('warn', `${text}; ${failed.length} could not start: ${failed[0]}`);
    });
  };

  const carryOut = async (r: ServicesRequest, current: Session) => {
    try {
      switch (r.kind) {
        case 'start': {
          // The manager answers once it listens and reached the pod once (about a second).
          flash('info', `Starting a forward to ${targetText(r.spec.target)}:${r.spec.remotePort}…`);
          const v = await manager(current).start(r.spec);
          const url = v.localPort !== null ? `http://${hostPort(v.spec.address, v.localPort)}` : '';
          if (!stopped) flash('info', `Forwarding ${url} -> ${targetText(r.spec.target)}:${r.spec.remotePort}.`);
          return;
        }
        case 'stop': {
          const v = forwards?.manager.list().find((f) => f.id === r.id);
          await forwards?.manager.stop(r.id);
          if (v && !stopped) flash('info', `Stopped the forward ${hostPort(v.spec.address, v.localPort ?? v.spec.localPort)} -> ${targetText(v.spec.target)}:${v.spec.remotePort}.`);
          return;
        }
        case 'stopAll': {
          const n = forwards?.manager.list().length ?? 0;
          await forwards?.manager.stopAll();
          if (!stopped) flash('info', n ? `Stopped ${n} forward${n === 1 ? '' : 's'}.` : 'No forward to stop.');
          return;
        }
        case 'save': {
          const v = forwards?.manager.list().find((f) => f.id === r.id);
          if (!v) return;
          if (r.saved) deps.saved.save(savedKey(current), savedSpecOf(v));
          else deps.saved.unsave(savedKey(current), savedSpecOf(v));
          forwards?.manager.setSaved?.(r.id, r.saved);
          if (!stopped) flash('info', r.saved ? `Saved: this forward comes back when podnet starts on context ${current.context}.` : 'No longer saved.');
          return;
        }
        case 'expose': {
          const made = await deps.createService(current, r.plan);
          if (!stopped) flash('info', `Created Service ${made.namespace}/${made.name}: ClusterIP ${made.clusterIP ? hostPort(made.clusterIP, made.port) : '(none)'} -> ${r.plan.pod}:${r.plan.targetPort}.`);
          return;
        }
      }
    } catch (e) {
      if (stopped) return;
      if (r.kind === 'expose') {
        const f = classify(e, { verb: 'create', resource: 'services', namespace: r.plan.namespace, name: r.plan.name }, current.failure);
        flash('error', f.hint ? `${f.message} Try: ${f.hint}.` : f.message);
      } else {
        flash('error', oneSentence(e));
      }
    }
  };

  const unsubscribe = store.subscribe(reconcile);
  reconcile();
  return {
    stop() {
      stopped = true;
      unsubscribe();
      watch?.stop();
      watch = undefined;
      // Every forward ends with the explorer.
      if (forwards) {
        forwards.unsubscribe();
        void forwards.manager.stopAll();
        forwards = undefined;
      }
    },
  };
}

function oneSentence(e: unknown): string {
  const text = cleanText((e as Error)?.message ?? String(e)).trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Saved forwards belong to a context name on its API server: another kubeconfig's "lab" (or a
 * throwaway `podnet --lab`, on a new port each time) does not get them. */
const savedKey = (s: Session) => (s.server ? `${s.context} ${s.server}` : s.context);
