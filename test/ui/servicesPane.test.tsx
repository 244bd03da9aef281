// The SERVICES & FORWARDS pane and its keys, in the App at 120x36 (no effects: the requests the
// keys queue are read from the store, as src/effects/services.ts would take them).
import { describe, expect, it } from 'vitest';
import { renderApp, seeded, pod, KEY } from './renderApp.js';
import type { Action } from '../../src/state/actions.js';
import type { ServiceView, EndpointSliceView } from '../../src/state/servicesModel.js';
import type { ForwardView } from '../../src/forward/types.js';
import { servicesLines } from '../../src/state/servicesLines.js';

const pods = [
  pod('backend', { ip: '10.244.1.2', node: 'lab-node-2', labels: { app: 'backend', tier: 'api' }, ports: [{ container: 'lab-app', name: 'http', port: 8080, protocol: 'TCP' }] }),
  pod('client-pod', { ip: '10.244.0.3', labels: { app: 'client' } }),
  pod('distroless-app', { ip: '10.244.1.9', labels: {}, ports: [{ container: 'app', name: 'http', port: 8080, protocol: 'TCP' }] }),
  pod('practice-pod', { ip: '10.244.0.4', labels: { app: 'practice' }, ports: [{ container: 'nginx', name: 'http', port: 80, protocol: 'TCP' }] }),
];
const practiceService: ServiceView = {
  key: 'default/practice-service', uid: 'u1', namespace: 'default', name: 'practice-service', resourceVersion: '1', type: 'NodePort',
  clusterIP: '10.96.0.20', selector: { app: 'practice' }, ports: [{ name: '', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30080 }],
};
const slice: EndpointSliceView = {
  key: 'default/practice-service-abcde', uid: 'u2', namespace: 'default', name: 'practice-service-abcde', resourceVersion: '1', service: 'practice-service',
  endpoints: [{ addresses: ['10.244.0.4'], ready: true, pod: { namespace: 'default', name: 'practice-pod' } }],
};
const fwd = (over: Partial<ForwardView> = {}): ForwardView => ({
  id: 'fwd-1', spec: { target: { kind: 'pod', namespace: 'default', name: 'practice-pod' }, remotePort: 80, localPort: 0, address: '127.0.0.1' },
  state: 'active', localPort: 8080, pod: { namespace: 'default', name: 'practice-pod', ip: '10.244.0.4' }, podPort: 80,
  connections: 2, bytesIn: 1536, bytesOut: 312, message: null, saved: false, ...over,
});
const cluster: Action[] = [
  { type: 'services/changed', upserts: [practiceService], deleted: [] },
  { type: 'endpointSlices/changed', upserts: [slice], deleted: [] },
  { type: 'services/watchSynced', resource: 'services' },
  { type: 'services/watchSynced', resource: 'endpointslices' },
];
const target = (name: string): Action => ({ type: 'mark/targetToggled', ref: { namespace: 'default', name } });

const frame = (app: ReturnType<typeof renderApp>) => app.lastFrame() ?? '';
/** The right column (probe and services panes) of each line. */
const right = (app: ReturnType<typeof renderApp>) => frame(app).split('\n').map((l) => l.slice(74)).join('\n');
const lastLine = (app: ReturnType<typeof renderApp>) => frame(app).split('\n').at(-1) ?? '';
const outbox = (app: ReturnType<typeof renderApp>) => app.store.getState().services.outbox.map((r) => r.request);

describe('SERVICES & FORWARDS pane', () => {
  it('the target\'s Service: type, ClusterIP:port -> targetPort, NodePort, ready endpoint, inside and node URLs', () => {
    const app = renderApp({ state: seeded({ pods, actions: [...cluster, target('practice-pod')] }) });
    const r = right(app);
    expect(r).toContain('SERVICES & FORWARDS target practice-pod');
    expect(r).toMatch(/practice-service NodePort endpoint ready/);
    expect(r).toMatch(/10\.96\.0\.20:80 -> 80 {2}NodePort 30080/);
    expect(r).toMatch(/inside http:\/\/10\.96\.0\.20:80/);
    // The nodes' URLs, packed to the pane's width.
    expect(r).toMatch(/nodes {2}http:\/\/127\.0\.10\.1:30080 *│\n *│ {9}http:\/\/127\.0\.10\.2:30080/);
    expect(r).toMatch(/FORWARDS 0 {2}none: f forwards the target/);
    app.unmount();
  });

  it('until the EndpointSlices are listed, readiness is not guessed', () => {
    const app = renderApp({ state: seeded({ pods, actions: [cluster[0]!, cluster[2]!, target('practice-pod')] }) });
    expect(right(app)).toMatch(/practice-service NodePort endpoints loading…/);
    app.unmount();
  });

  it('without a target, the selected pod (and says so); a pod no Service fronts offers e, not in --readonly', () => {
    let app = renderApp({ state: seeded({ pods, actions: cluster }) });
    expect(right(app)).toContain('SERVICES & FORWARDS selected backend');
    expect(right(app)).toMatch(/No Service fronts backend\. e expose it/);
    app.unmount();
    app = renderApp({ state: seeded({ pods, actions: cluster, readonly: true }) });
    expect(right(app)).toMatch(/No Service fronts backend\.\s*│/);
    app.unmount();
  });

  it('forwards: state, ends, connections, bytes, saved, a local URL on the Service; the header counts them', () => {
    const svcFwd = fwd({ id: 'fwd-2', spec: { target: { kind: 'service', namespace: 'default', name: 'practice-service' }, remotePort: 80, localPort: 0, address: '127.0.0.1' }, localPort: 8081, state: 'reconnecting', message: 'practice-pod restarted; waiting for it to be Ready.', saved: true });
    const app = renderApp({ state: seeded({ pods, actions: [...cluster, target('practice-pod'), { type: 'forwards/changed', forwards: [fwd(), svcFwd] }] }), rows: 44 });
    const r = right(app);
    expect(frame(app).split('\n')[0]).toMatch(/4 pods {2}2 forwards/);
    expect(r).toMatch(/local {2}http:\/\/127\.0\.0\.1:8081/);
    expect(r).toMatch(/FORWARDS 2/);
    expect(r).toMatch(/127\.0\.0\.1:8080 -> pod\/practice-pod:80/);
    expect(r).toMatch(/active 2 conn in 1\.5 KB out 312 B/);
    expect(r).toMatch(/127\.0\.0\.1:8081 -> svc\/practice-service:80/);
    expect(r).toMatch(/reconnecting 2 conn/);
    expect(r).toMatch(/saved {2}via practice-pod:80/);
    expect(r).toMatch(/practice-pod restarted; waiting for it to *│\n.*│ {2}be Ready\./);
    app.unmount();
  });

  it('a forward on an address other than loopback is styled as a warning (its address and a note)', () => {
    const m = { subject: undefined, services: [], forwards: [fwd({ spec: { ...fwd().spec, address: '0.0.0.0' } })], keys: ['fwd:fwd-1'] };
    const lines = servicesLines(m, { nodeIPs: [], readonly: false, watchMessage: undefined, loading: false, width: 44 });
    const segs = lines.flatMap((l) => l.segments);
    expect(segs.find((x) => x.text === '0.0.0.0:8080')?.style).toBe('warn');
    expect(segs.find((x) => x.text.includes('not loopback'))?.style).toBe('warn');
    const loop = servicesLines({ ...m, forwards: [fwd()] }, { nodeIPs: [], readonly: false, watchMessage: undefined, loading: false, width: 44 });
    expect(loop.flatMap((l) => l.segments).filter((x) => x.style === 'warn')).toEqual([]);
  });
});

describe('services keys', () => {
  it('f forwards the target\'s first port on 127.0.0.1; with that forward running, f stops it', async () => {
    let app = renderApp({ state: seeded({ pods, actions: [target('practice-pod')] }) });
    await app.press('f');
    expect(outbox(app)).toEqual([{ kind: 'start', spec: { target: { kind: 'pod', namespace: 'default', name: 'practice-pod' }, remotePort: 80, localPort: 0, address: '127.0.0.1' } }]);
    app.unmount();
    app = renderApp({ state: seeded({ pods, actions: [target('practice-pod'), { type: 'forwards/changed', forwards: [fwd()] }] }) });
    await app.press('f');
    expect(outbox(app)).toEqual([{ kind: 'stop', id: 'fwd-1' }]);
    app.unmount();
  });

  it('in the pane: j selects the Service (f forwards it) and then the forward (x stops it, s saves it, X stops all)', async () => {
    const app = renderApp({ state: seeded({ pods, actions: [...cluster, target('practice-pod'), { type: 'forwards/changed', forwards: [fwd()] }] }) });
    await app.press(KEY.tab, KEY.tab);
    expect(app.store.getState().view.focus).toBe('services');
    await app.press('f');
    expect(outbox(app).at(-1)).toEqual({ kind: 'start', spec: { target: { kind: 'service', namespace: 'default', name: 'practice-service' }, remotePort: 80, localPort: 0, address: '127.0.0.1' } });
    await app.press('G', 'x', 's', 'X');
    expect(outbox(app).slice(1)).toEqual([{ kind: 'stop', id: 'fwd-1' }, { kind: 'save', id: 'fwd-1', saved: true }, { kind: 'stopAll' }]);
    // The cursor is drawn on the forward's first line.
    expect(frame(app)).toMatch(/\n[^\n]*│[^\n]*127\.0\.0\.1:8080 -> pod\/practice-pod:80/);
    app.unmount();
  });

  it('e shows exactly what it will create on a confirmation line; n cancels, y queues it', async () => {
    const app = renderApp({ state: seeded({ pods, actions: cluster }) });
    await app.press('e');
    expect(lastLine(app)).toMatch(/^ Create ClusterIP Service default\/backend port 8080 -> backend:8080\/TCP selector app=backend,tier=api\? +y\/n ?$/);
    await app.press('q'); // not a quit while the question is open
    expect(app.store.getState().view.quitting).toBe(false);
    await app.press('n');
    expect(lastLine(app)).toMatch(/^ s source/);
    await app.press('e', 'y');
    expect(outbox(app)).toEqual([{ kind: 'expose', plan: { namespace: 'default', pod: 'backend', name: 'backend', port: 8080, targetPort: 8080, protocol: 'TCP', selector: { app: 'backend', tier: 'api' } } }]);
    app.unmount();
  });

  it('e on a pod without labels says why; --readonly has no e, f or F at all', async () => {
    let app = renderApp({ state: seeded({ pods, actions: [target('distroless-app')] }) });
    await app.press('e');
    expect(lastLine(app)).toMatch(/Cannot expose distroless-app: it has no labels/);
    app.unmount();
    app = renderApp({ state: seeded({ pods, readonly: true, actions: [target('practice-pod')] }) });
    await app.press('e', 'f', 'F');
    expect(app.store.getState().services.dialog).toBeUndefined();
    expect(outbox(app)).toEqual([]);
    // ... and says why, instead of doing nothing without a word
    expect(lastLine(app)).toMatch(/F: forward with a form: ports, address is left out: podnet runs read-only \(--readonly\)\./);
    await app.press('f');
    expect(lastLine(app)).toMatch(/f: forward the target on 127\.0\.0\.1 is left out: podnet runs read-only/);
    app.unmount();
  });

  it('F opens the form: typed ports, tab to the address, enter queues the spec', async () => {
    const app = renderApp({ state: seeded({ pods, actions: [target('practice-pod')] }) });
    await app.press('F');
    expect(lastLine(app)).toMatch(/forward pod\/practice-pod {2}local port auto.* {2}remote port 80 {2}address 127\.0\.0\.1/);
    await app.press('9', '0', '9', '0', KEY.tab, KEY.tab);
    for (let i = 0; i < 9; i++) await app.press(KEY.backspace);
    await app.press('0', '.', '0', '.', '0', '.', '0');
    expect(lastLine(app)).toMatch(/local port 9090 {2}remote port 80 {2}address 0\.0\.0\.0/);
    await app.press(KEY.enter);
    expect(outbox(app)).toEqual([{ kind: 'start', spec: { target: { kind: 'pod', namespace: 'default', name: 'practice-pod' }, remotePort: 80, localPort: 9090, address: '0.0.0.0' } }]);
    expect(app.store.getState().services.dialog).toBeUndefined();
    app.unmount();
  });
});
