import { describe, expect, it } from 'vitest';
import { initialServices, reduceServices, type ServicesState } from './services.js';
import type { Action } from '../actions.js';
import type { ServiceView } from '../servicesModel.js';
import { exposePlan, exposeQuestion, serviceNameFor } from '../servicesExpose.js';
import type { PodView } from '../model.js';

const run = (...actions: Action[]) => actions.reduce<ServicesState>(reduceServices, initialServices);
const svc = (name: string, namespace = 'default'): ServiceView => ({
  key: `${namespace}/${name}`, uid: `u-${name}`, namespace, name, resourceVersion: '1', type: 'ClusterIP', clusterIP: '10.96.0.20', selector: { app: name }, ports: [],
});
const target = { kind: 'pod' as const, namespace: 'default', name: 'practice-pod' };

describe('services slice', () => {
  it('Services and slices: upserts, deletes, reset; an empty change keeps the state', () => {
    let s = run({ type: 'services/changed', upserts: [svc('a'), svc('b')], deleted: [] }, { type: 'services/changed', upserts: [], deleted: ['default/a'] });
    expect([...s.services.keys()]).toEqual(['default/b']);
    expect(reduceServices(s, { type: 'services/changed', upserts: [], deleted: ['default/zzz'] })).toBe(s);
    s = reduceServices(s, { type: 'services/watchFailed', resource: 'services', message: 'Cannot list services: forbidden.' });
    expect(s.watches.services).toEqual({ state: 'failed', message: 'Cannot list services: forbidden.' });
    s = reduceServices(s, { type: 'services/reset' });
    expect(s.services.size).toBe(0);
    expect(s.watches.services.state).toBe('loading');
  });

  it('requests queue in order with increasing seq until the effects take them', () => {
    let s = run(
      { type: 'services/requested', request: { kind: 'stopAll' } },
      { type: 'services/requested', request: { kind: 'stop', id: 'fwd-1' } },
    );
    expect(s.outbox).toEqual([{ seq: 1, request: { kind: 'stopAll' } }, { seq: 2, request: { kind: 'stop', id: 'fwd-1' } }]);
    s = reduceServices(s, { type: 'services/requestsTaken', upTo: 1 });
    expect(s.outbox.map((r) => r.seq)).toEqual([2]);
    s = reduceServices(s, { type: 'services/requested', request: { kind: 'stopAll' } });
    expect(s.outbox.map((r) => r.seq)).toEqual([2, 3]);
  });

  it('the cursor moves over the keys it is given and stays in range', () => {
    const keys = ['svc:default/a', 'fwd:fwd-1', 'fwd:fwd-2'];
    let s = run({ type: 'services/cursorMoved', keys, by: 1 }, { type: 'services/cursorMoved', keys, by: 5 });
    expect(s.cursor).toEqual({ key: 'fwd:fwd-2', index: 2 });
    // The row it was on went away: it keeps its index within the new rows.
    s = reduceServices(s, { type: 'services/cursorMoved', keys: keys.slice(0, 2), by: 0 });
    expect(s.cursor).toEqual({ key: 'fwd:fwd-1', index: 1 });
  });

  it('the expose confirmation: y queues the plan, n drops it', () => {
    const plan = { namespace: 'default', pod: 'backend', name: 'backend-svc', port: 8080, targetPort: 8080, protocol: 'TCP', selector: { app: 'backend' } };
    const open: Action = { type: 'dialog/opened', dialog: { kind: 'confirm', plan } };
    expect(run(open, { type: 'dialog/cancelled' })).toMatchObject({ dialog: undefined, outbox: [] });
    expect(run(open, { type: 'dialog/confirmed' })).toMatchObject({ dialog: undefined, outbox: [{ seq: 1, request: { kind: 'expose', plan } }] });
  });

  it('the forward form: fields take only what they accept, tab cycles, enter validates then queues', () => {
    const open: Action = { type: 'dialog/opened', dialog: { kind: 'form', target, values: { local: '', remote: '80', address: '127.0.0.1' }, field: 'local', error: undefined } };
    let s = run(open, { type: 'form/edited', text: '80x8a0' });
    expect(s.dialog).toMatchObject({ values: { local: '8080' } });
    s = reduceServices(s, { type: 'form/fieldMoved', by: -1 });
    expect(s.dialog).toMatchObject({ field: 'address' });
    s = reduceServices(s, { type: 'form/edited', text: '0.0.0.0' });
    s = reduceServices(s, { type: 'dialog/confirmed' });
    expect(s.dialog).toBeUndefined();
    expect(s.outbox).toEqual([{ seq: 1, request: { kind: 'start', spec: { target, remotePort: 80, localPort: 8080, address: '0.0.0.0' } } }]);
  });

  it('the form refuses a bad remote port or address with one sentence, and stays open', () => {
    const open = (values: { local: string; remote: string; address: string }): Action => ({ type: 'dialog/opened', dialog: { kind: 'form', target, values, field: 'local', error: undefined } });
    expect(run(open({ local: '', remote: '', address: '127.0.0.1' }), { type: 'dialog/confirmed' }).dialog).toMatchObject({ error: 'The remote port must be a number from 1 to 65535.' });
    expect(run(open({ local: '99999', remote: '80', address: '127.0.0.1' }), { type: 'dialog/confirmed' }).dialog).toMatchObject({ error: expect.stringMatching(/^The local port must be a number up to 65535/) });
    const bad = run(open({ local: '', remote: '80', address: 'example.com' }), { type: 'dialog/confirmed' });
    expect(bad.dialog).toMatchObject({ error: expect.stringMatching(/^The address "example.com" is not an IP address/) });
    expect(bad.outbox).toEqual([]);
  });
});

describe('expose plan (kubectl expose pod)', () => {
  const pod = (over: Partial<PodView>): PodView => ({
    key: 'default/backend', uid: 'u', namespace: 'default', name: 'backend', resourceVersion: '1', ip: '10.244.1.3', hostIP: '', node: 'n', phase: 'Running',
    status: 'Running', ready: '1/1', restartCount: 0, lastRestartMs: undefined, createdMs: 0, labels: { app: 'backend', tier: 'api' },
    ports: [{ container: 'lab-app', name: 'http', port: 8080, protocol: 'TCP' }], ...over,
  });

  it('named after the pod, port and targetPort from its first container port, selector = its labels', () => {
    expect(exposePlan(pod({}), new Map())).toEqual({ plan: { namespace: 'default', pod: 'backend', name: 'backend', port: 8080, targetPort: 8080, protocol: 'TCP', selector: { app: 'backend', tier: 'api' } } });
  });

  it('a suffix when the name is taken (the lab\'s backend already has a Service named backend)', () => {
    const taken = new Map([['default/backend', svc('backend')], ['default/backend-svc', svc('backend-svc')]]);
    expect(exposePlan(pod({}), taken)).toMatchObject({ plan: { name: 'backend-svc-2' } });
    expect(exposePlan(pod({}), new Map([['other/backend', svc('backend', 'other')]]))).toMatchObject({ plan: { name: 'backend' } });
  });

  it('no labels or no port: one sentence saying why', () => {
    expect(exposePlan(pod({ labels: {} }), new Map())).toEqual({ error: expect.stringMatching(/^Cannot expose backend: it has no labels/) });
    expect(exposePlan(pod({ ports: [] }), new Map())).toEqual({ error: expect.stringMatching(/^Cannot expose backend: it declares no container port/) });
  });

  it('a Service name is a DNS-1035 label even when the pod name is not', () => {
    expect(serviceNameFor('1web.v2_x')).toBe('web-v2-x');
    expect(serviceNameFor('a'.repeat(70)).length).toBe(63);
  });

  it('the question says exactly what will be created', () => {
    const made = exposePlan(pod({}), new Map());
    expect('plan' in made && exposeQuestion(made.plan)).toBe('Create ClusterIP Service default/backend port 8080 -> backend:8080/TCP selector app=backend,tier=api?');
  });
});
