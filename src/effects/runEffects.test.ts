import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEffects, type EffectsDeps } from './runEffects.js';
import { createStore } from '../state/store.js';
import { initialState, reducer } from '../state/reducer.js';
import type { Session } from '../kube/session.js';
import type { NamespaceScope } from '../state/model.js';
import type { PodDescription } from '../state/describeModel.js';
import { NOW, pod } from '../../test/ui/fixtures.js';

const session = (context: string, namespace = 'default'): Session =>
  ({ context, contexts: ['lab', 'other'], cluster: 'c', server: 'https://x', user: 'u', namespace, failure: { server: 'https://x', user: 'u' } }) as unknown as Session;

function fakes() {
  const log: string[] = [];
  const deps: EffectsDeps = {
    switchContext: (_s, context) => {
      if (context === 'broken') throw new Error('Context "broken" names cluster "x", which the kubeconfig does not define.');
      log.push(`session ${context}`);
      return session(context, context === 'other' ? 'team' : 'default');
    },
    watchPods: (s, scope: NamespaceScope) => {
      log.push(`watch pods ${s.context} ${scope.all ? '*' : scope.namespace}`);
      return { stop: () => log.push(`stop pods ${s.context}`) };
    },
    watchNodes: (s) => {
      log.push(`watch nodes ${s.context}`);
      return { stop: () => log.push(`stop nodes ${s.context}`) };
    },
    describe: vi.fn(async (_s, ref) => ({ name: ref.name }) as unknown as PodDescription),
    release: (s) => log.push(`release ${s.context}`),
  };
  return { log, deps };
}

describe('startEffects: the state asks, the effects do', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  const setup = (scope?: NamespaceScope) => {
    const store = createStore(reducer, initialState({ context: 'lab', scope, readonly: false, now: NOW }));
    const f = fakes();
    const effects = startEffects(store, session('lab'), f.deps);
    return { store, ...f, effects };
  };

  it('opens the context\'s namespace, then follows :ns and 0', () => {
    const { store, log, effects } = setup();
    expect(log).toEqual(['watch pods lab default', 'watch nodes lab']);
    expect(store.getState().session.info?.scope).toEqual({ all: false, namespace: 'default' });
    store.dispatch({ type: 'namespace/chosen', scope: { all: false, namespace: 'kube-system' } });
    store.dispatch({ type: 'namespace/chosen', scope: { all: true } });
    expect(log.slice(2)).toEqual(['stop pods lab', 'watch pods lab kube-system', 'stop pods lab', 'watch pods lab *']);
    effects.stop();
  });

  it('a new context: everything restarts on it, in its own namespace', () => {
    const { store, log, effects } = setup();
    store.dispatch({ type: 'context/chosen', context: 'other' });
    expect(log.slice(2)).toEqual(['session other', 'stop pods lab', 'stop nodes lab', 'release lab', 'watch pods other team', 'watch nodes other']);
    expect(store.getState().session.info).toMatchObject({ context: 'other', scope: { all: false, namespace: 'team' } });
    effects.stop();
  });

  it('a context that cannot be opened: the old one stays, the sentence is shown', () => {
    const { store, log, effects } = setup();
    store.dispatch({ type: 'context/chosen', context: 'broken' });
    expect(log).toEqual(['watch pods lab default', 'watch nodes lab']);
    expect(store.getState().session.wanted.context).toBe('lab');
    expect(store.getState().view.flash?.text).toMatch(/^Context "broken" names cluster/);
    effects.stop();
  });

  it('describes a pod when asked, and again when the watch brings a newer version', async () => {
    const { store, deps, effects } = setup();
    store.dispatch({ type: 'pods/changed', upserts: [pod('web')], deleted: [], at: NOW });
    store.dispatch({ type: 'describe/opened', ref: { namespace: 'default', name: 'web' } });
    await vi.waitFor(() => expect(store.getState().view.describe?.description).toEqual({ name: 'web' }));
    store.dispatch({ type: 'pods/changed', upserts: [pod('web', { resourceVersion: '2' })], deleted: [], at: NOW });
    expect(deps.describe).toHaveBeenCalledTimes(2);
    effects.stop();
  });

  it('flash messages go away by themselves', () => {
    const { store, effects } = setup();
    store.dispatch({ type: 'flash/shown', level: 'info', text: 'hello' });
    vi.advanceTimersByTime(5000);
    expect(store.getState().view.flash).toBeUndefined();
    effects.stop();
  });

  it('the clock ticks every 10 s', () => {
    const { store, effects } = setup();
    vi.advanceTimersByTime(10_000);
    expect(store.getState().session.now).toBe(Date.now());
    effects.stop();
  });
});
