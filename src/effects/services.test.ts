// The services reactor with fakes for what it drives (a forward manager, the saved-forward file,
// the Service watch and create): requests become manager calls and flashes, saved forwards come
// back on start (not with --readonly), RBAC's refusal is one sentence, and every forward stops.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createStore } from '../state/store.js';
import { initialState, reducer } from '../state/reducer.js';
import { inNamespace, type NamespaceScope } from '../state/model.js';
import type { Session } from '../kube/session.js';
import { ApiError } from '../kube/request.js';
import type { ForwardSpec, ForwardView } from '../forward/types.js';
import { startServiceEffects, type Forwards, type ServiceEffectsDeps } from './services.js';

const session = { context: 'lab', namespace: 'default', failure: { server: 'https://127.0.0.1:6443', user: 'viewer' } } as unknown as Session;
const spec = (name: string, remotePort = 80): ForwardSpec => ({ target: { kind: 'pod', namespace: 'default', name }, remotePort, localPort: 0, address: '127.0.0.1' });
const tick = () => new Promise((r) => setTimeout(r, 5));

function fakeManager() {
  const views: ForwardView[] = [];
  const listeners = new Set<(v: ForwardView[]) => void>();
  const calls: string[] = [];
  let n = 0;
  const emit = () => listeners.forEach((l) => l([...views]));
  const m: Forwards = {
    async start(s) {
      calls.push(`start ${s.target.name}:${s.remotePort}`);
      if (s.target.name === 'gone') throw new Error('Cannot forward to pod default/gone: not found.');
      const v: ForwardView = { id: `fwd-${++n}`, spec: s, state: 'active', localPort: s.localPort || 8000 + n, pod: null, podPort: s.remotePort, connections: 0, bytesIn: 0, bytesOut: 0, message: null, saved: false };
      views.push(v);
      emit();
      return v;
    },
    async stop(id) {
      calls.push(`stop ${id}`);
      views.splice(views.findIndex((v) => v.id === id), 1);
      emit();
    },
    async stopAll() {
      calls.push('stopAll');
      views.length = 0;
      emit();
    },
    list: () => [...views],
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    setSaved(id, saved) {
      calls.push(`setSaved ${id} ${saved}`);
      const v = views.find((x) => x.id === id);
      if (v) views[views.indexOf(v)] = { ...v, saved };
      emit();
    },
  };
  return { m, calls };
}

function setup(o: { saved?: ForwardSpec[]; readonly?: boolean; create?: ServiceEffectsDeps['createService'] } = {}) {
  const store = createStore(reducer, initialState({ context: 'lab', scope: undefined, readonly: o.readonly ?? false, now: 0 }));
  const flashes: string[] = [];
  store.subscribe(() => {
    const f = store.getState().view.flash;
    if (f && flashes.at(-1) !== f.text) flashes.push(f.text);
  });
  const fake = fakeManager();
  const watched: NamespaceScope[] = [];
  const savedCalls: string[] = [];
  const deps: ServiceEffectsDeps = {
    watch: (_s, scope) => {
      watched.push(scope);
      return { stop() {} };
    },
    createService: o.create ?? (async (_s, plan) => ({ name: plan.name, namespace: plan.namespace, clusterIP: '10.96.0.30', port: plan.port })),
    forwards: () => fake.m,
    saved: {
      load: () => o.saved ?? [],
      save: (ctx, s) => savedCalls.push(`save ${ctx} ${s.target.name} ${s.localPort}`),
      unsave: (ctx, s) => savedCalls.push(`unsave ${ctx} ${s.target.name} ${s.localPort}`),
    },
  };
  const effects = startServiceEffects(store, () => session, deps);
  store.dispatch({ type: 'session/opened', session: { context: 'lab', contexts: ['lab'], cluster: 'lab', server: '', user: 'viewer', scope: inNamespace('default') } });
  return { store, effects, flashes, calls: fake.calls, watched, savedCalls };
}

describe('services effects', () => {
  it('watches the scope the explorer opened, again when it changes', () => {
    const t = setup();
    expect(t.watched).toEqual([inNamespace('default')]);
    t.store.dispatch({ type: 'session/opened', session: { context: 'lab', contexts: ['lab'], cluster: 'lab', server: '', user: 'viewer', scope: { all: true } } });
    expect(t.watched).toEqual([inNamespace('default'), { all: true }]);
    t.effects.stop();
  });

  it('start, save (with the port it got), stop: manager calls, forwards in the state, one flash each', async () => {
    const t = setup();
    t.store.dispatch({ type: 'services/requested', request: { kind: 'start', spec: spec('practice-pod') } });
    await tick();
    expect(t.store.getState().services.forwards.map((f) => f.id)).toEqual(['fwd-1']);
    expect(t.flashes.at(-1)).toBe('Forwarding http://127.0.0.1:8001 -> pod/practice-pod:80.');
    t.store.dispatch({ type: 'services/requested', request: { kind: 'save', id: 'fwd-1', saved: true } });
    await tick();
    expect(t.savedCalls).toEqual(['save lab practice-pod 8001']);
    expect(t.store.getState().services.forwards[0]!.saved).toBe(true);
    t.store.dispatch({ type: 'services/requested', request: { kind: 'stop', id: 'fwd-1' } });
    await tick();
    expect(t.calls).toEqual(['start practice-pod:80', 'setSaved fwd-1 true', 'stop fwd-1']);
    expect(t.store.getState().services.forwards).toEqual([]);
    expect(t.store.getState().services.outbox).toEqual([]);
    t.effects.stop();
  });

  it('saved forwards of the context come back on start and say so; one that cannot start says why', async () => {
    let t = setup({ saved: [spec('practice-pod'), spec('backend', 8080)] });
    await tick();
    expect(t.calls).toEqual(['start practice-pod:80', 'start backend:8080', 'setSaved fwd-1 true', 'setSaved fwd-2 true']);
    expect(t.flashes.at(-1)).toBe('restored 2 saved forwards');
    t.effects.stop();
    t = setup({ saved: [spec('practice-pod'), spec('gone')] });
    await tick();
    expect(t.flashes.at(-1)).toBe('restored 1 saved forward; 1 could not start: Cannot forward to pod default/gone: not found.');
    t.effects.stop();
  });

  it('--readonly restores nothing and says so', async () => {
    const t = setup({ saved: [spec('practice-pod')], readonly: true });
    await tick();
    expect(t.calls).toEqual([]);
    expect(t.flashes).toEqual(['1 saved forward not restored: --readonly opens no ports.']);
    t.effects.stop();
  });

  it('expose: created, or RBAC\'s refusal as one sentence', async () => {
    const plan = { namespace: 'default', pod: 'backend', name: 'backend-svc', port: 8080, targetPort: 8080, protocol: 'TCP', selector: { app: 'backend' } };
    let t = setup();
    t.store.dispatch({ type: 'services/requested', request: { kind: 'expose', plan } });
    await tick();
    expect(t.flashes.at(-1)).toBe('Created Service default/backend-svc: ClusterIP 10.96.0.30:8080 -> backend:8080.');
    t.effects.stop();
    const forbidden = JSON.parse(readFileSync(new URL('../../../shared/k8s-reference/errors/403-viewer-create-service.json', import.meta.url), 'utf8'));
    t = setup({ create: async () => { throw new ApiError(403, '/api/v1/namespaces/default/services', forbidden); } });
    t.store.dispatch({ type: 'services/requested', request: { kind: 'expose', plan } });
    await tick();
    expect(t.flashes.at(-1)).toBe('Cannot create service default/backend-svc: user "viewer" is forbidden to create services (403 Forbidden).');
    expect(t.store.getState().view.flash?.level).toBe('error');
    t.effects.stop();
  });

  it('another context: the old context\'s forwards stop (they ran on its credentials), and it says so', async () => {
    const store = createStore(reducer, initialState({ context: 'lab', scope: undefined, readonly: false, now: 0 }));
    const fakes = [fakeManager(), fakeManager()];
    let current = session;
    const made: string[] = [];
    const effects = startServiceEffects(store, () => current, {
      watch: () => ({ stop() {} }),
      createService: async () => { throw new Error('unused'); },
      forwards: (s) => fakes[made.push(s.context) - 1]!.m,
      saved: { load: () => [], save() {}, unsave() {} },
    });
    const opened = (context: string) => store.dispatch({ type: 'session/opened', session: { context, contexts: ['lab', 'other'], cluster: 'lab', server: '', user: 'u', scope: inNamespace('default') } });
    opened('lab');
    store.dispatch({ type: 'services/requested', request: { kind: 'start', spec: spec('practice-pod') } });
    await tick();
    current = { ...session, context: 'other' } as Session;
    opened('other');
    expect(fakes[0]!.calls.at(-1)).toBe('stopAll');
    expect(store.getState().services.forwards).toEqual([]);
    expect(store.getState().view.flash?.text).toBe('Stopped 1 forward of context lab.');
    store.dispatch({ type: 'services/requested', request: { kind: 'start', spec: spec('backend', 8080) } });
    await tick();
    expect(made).toEqual(['lab', 'other']);
    expect(fakes[1]!.calls).toEqual(['start backend:8080']);
    effects.stop();
  });

  it('every forward stops with the explorer', async () => {
    const t = setup();
    t.store.dispatch({ type: 'services/requested', request: { kind: 'start', spec: spec('practice-pod') } });
    await tick();
    t.effects.stop();
    expect(t.calls.at(-1)).toBe('stopAll');
  });
});
