import { describe, expect, it } from 'vitest';
import { reducer, type AppState } from './reducer.js';
import type { Action } from './actions.js';
import { podCursorIndex, selectedPod, visiblePodKeys } from './selectors.js';
import { seeded, pod, NOW } from '../../test/ui/renderApp.js';

const run = (s: AppState, ...actions: Action[]) => actions.reduce(reducer, s);
const pods = ['api', 'cache', 'db', 'web'].map((n) => pod(n));

describe('view: cursor, filter, marks', () => {
  it('the cursor stays on its pod when pods are added above it', () => {
    let s = run(seeded({ pods }), { type: 'cursor/moved', pane: 'pods', by: 2 });
    expect(selectedPod(s)!.name).toBe('db');
    s = run(s, { type: 'pods/changed', upserts: [pod('aaa'), pod('abc')], deleted: [], at: NOW });
    expect(selectedPod(s)!.name).toBe('db');
    expect(podCursorIndex(s)).toBe(4);
  });

  it('when its pod goes away, the cursor keeps its place', () => {
    let s = run(seeded({ pods }), { type: 'cursor/moved', pane: 'pods', by: 2 });
    s = run(s, { type: 'pods/changed', upserts: [], deleted: [{ key: 'default/db', uid: 'uid-default-db' }], at: NOW });
    expect(selectedPod(s)!.name).toBe('web');
  });

  it('moves are clamped; g and G jump', () => {
    const s = seeded({ pods });
    expect(selectedPod(run(s, { type: 'cursor/moved', pane: 'pods', by: 99 }))!.name).toBe('web');
    expect(selectedPod(run(s, { type: 'cursor/moved', pane: 'pods', by: -3 }))!.name).toBe('api');
    expect(selectedPod(run(s, { type: 'cursor/jumped', pane: 'pods', to: 'last' }))!.name).toBe('web');
  });

  it('/ filters while typing; enter keeps it; esc in the prompt puts back the previous filter', () => {
    let s = run(seeded({ pods }), { type: 'prompt/opened', kind: 'filter' }, { type: 'prompt/edited', text: 'ca' });
    expect(visiblePodKeys(s)).toEqual(['default/cache']);
    s = run(s, { type: 'prompt/submitted' });
    expect(s.view.prompt).toBeUndefined();
    expect(visiblePodKeys(s)).toEqual(['default/cache']);
    s = run(s, { type: 'prompt/opened', kind: 'filter' }, { type: 'prompt/edited', text: 'zzz' }, { type: 'prompt/cancelled' });
    expect(s.view.filters.pods).toBe('ca');
    expect(run(s, { type: 'filter/cleared' }).view.filters.pods).toBe('');
  });

  it('the filter matches names, IPs, nodes and statuses', () => {
    const s = seeded({ pods: [pod('a', { ip: '10.1.2.3' }), pod('b', { node: 'worker-7' }), pod('c', { status: 'CrashLoopBackOff' })] });
    const f = (text: string) => visiblePodKeys(run(s, { type: 'prompt/opened', kind: 'filter' }, { type: 'prompt/edited', text }));
    expect(f('10.1.2')).toEqual(['default/a']);
    expect(f('WORKER')).toEqual(['default/b']);
    expect(f('crash')).toEqual(['default/c']);
  });

  it('a pod is source or target, not both; marking again unmarks', () => {
    const ref = { namespace: 'default', name: 'web' };
    let s = run(seeded({ pods }), { type: 'mark/sourceToggled', ref });
    expect(s.view.marks.source).toEqual(ref);
    s = run(s, { type: 'mark/targetToggled', ref });
    expect(s.view.marks).toEqual({ source: undefined, target: ref });
    s = run(s, { type: 'mark/targetToggled', ref });
    expect(s.view.marks.target).toBeUndefined();
  });

  it(':ns submits a namespace switch: pods cleared, the cursor reset, the effects asked for it', () => {
    let s = run(seeded({ pods }), { type: 'cursor/moved', pane: 'pods', by: 2 }, { type: 'prompt/opened', kind: 'command' });
    s = run(s, { type: 'prompt/edited', text: 'ns kube-system' }, { type: 'prompt/submitted' });
    expect(s.session.wanted.scope).toEqual({ all: false, namespace: 'kube-system' });
    expect(s.pods.order).toEqual([]);
    expect(s.view.cursors.pods).toEqual({ key: undefined, index: 0 });
    expect(s.session.watches.pods.state).toBe('loading');
  });

  it('a bad : command flashes a sentence and changes nothing else', () => {
    const s = run(seeded({ pods }), { type: 'prompt/opened', kind: 'command' }, { type: 'prompt/edited', text: 'ctx prod' }, { type: 'prompt/submitted' });
    expect(s.view.flash).toMatchObject({ level: 'error', text: 'There is no context "prod" in the kubeconfig; it has lab, lab-readonly.' });
    expect(s.session.wanted.context).toBe('lab');
  });

  it('tab cycles focus among the panes on screen', () => {
    const s = seeded({ pods });
    expect(run(s, { type: 'focus/cycled', by: 1, among: ['nodes', 'pods'] }).view.focus).toBe('nodes');
    expect(run(s, { type: 'focus/cycled', by: 1, among: ['nodes', 'pods', 'probe', 'services'] }).view.focus).toBe('probe');
  });
});

describe('session', () => {
  it('a failed context switch keeps the open one and says why', () => {
    let s = run(seeded({ pods }), { type: 'context/chosen', context: 'lab-readonly' });
    expect(s.session.wanted.context).toBe('lab-readonly');
    s = run(s, { type: 'session/failed', message: 'Context "lab-readonly" names user "x", which the kubeconfig does not define.' });
    expect(s.session.wanted.context).toBe('lab');
    expect(s.session.error).toMatch(/names user/);
  });

  it('watch failures and recoveries are per resource, so the other pane keeps working', () => {
    const s = run(seeded({ pods }), { type: 'watch/failed', resource: 'nodes', message: 'Cannot list nodes: user "dev" is forbidden to list nodes (403 Forbidden).', retryInMs: 4000 });
    expect(s.session.watches.nodes.state).toBe('failed');
    expect(s.session.watches.pods.state).toBe('live');
    expect(run(s, { type: 'watch/synced', resource: 'nodes' }).session.watches.nodes).toEqual({ state: 'live' });
  });
});
