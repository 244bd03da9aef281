// The probe console in ink-testing-library: the real keymap, reducer, effects and pane, with a
// scripted engine fed events parsed from real captured tool output.
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, seeded, pod, KEY, NOW } from './renderApp.js';
import { fixtureRun, scriptedEngine, tick } from './probeScript.js';
import { readFileSync } from 'node:fs';
import { createHttpParser } from '../../src/probe/index.js';
import type { RunEvent } from '../../src/probe/runner.js';
import type { Action } from '../../src/state/actions.js';
import type { ServiceView } from '../../src/state/servicesModel.js';

const port = (container: string, p: number, name = '') => ({ container, name, port: p, protocol: 'TCP' });
const pods = [
  pod('client-pod', { ip: '10.244.0.3', labels: { app: 'client' } }),
  pod('db', { ip: '10.244.1.3', node: 'lab-node-2', ports: [port('postgres', 5432)] }),
  pod('distroless-app', { ip: '10.244.0.9' }),
  pod('practice-pod', { ip: '10.244.0.4', labels: { app: 'practice' }, ports: [port('nginx', 80, 'http')] }),
];
const marks = (source: string, target: string): Action[] => [
  { type: 'mark/sourceToggled', ref: { namespace: 'default', name: source } },
  { type: 'mark/targetToggled', ref: { namespace: 'default', name: target } },
];
const practiceService: ServiceView = {
  key: 'default/practice-service', uid: 'svc-1', namespace: 'default', name: 'practice-service', resourceVersion: '1', type: 'ClusterIP',
  clusterIP: '10.96.0.20', selector: { app: 'practice' }, ports: [{ name: '', port: 8080, protocol: 'TCP', targetPort: 80, nodePort: undefined }],
};

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function open(o: { source?: string; target?: string; columns?: number; rows?: number; readonly?: boolean; actions?: Action[] } = {}) {
  const state = seeded({ pods, readonly: o.readonly, actions: [...marks(o.source ?? 'client-pod', o.target ?? 'practice-pod'), ...(o.actions ?? [])] });
  const app = renderApp({ state, columns: o.columns, rows: o.rows });
  const engine = scriptedEngine();
  const effects = engine.attach(app.store);
  cleanups.push(() => effects.stop(), () => app.unmount());
  const frame = () => app.lastFrame() ?? '';
  return { app, engine, frame };
}

const pingOk = () => fixtureRun('busybox-ping', 'ok', { kind: 'ping', tool: 'busybox-ping', host: '10.244.0.4', count: 5 });

describe('the probe console', () => {
  it('p pings the target from the source: one line per reply as the tool printed it, live figures, until x', async () => {
    const { app, engine, frame } = open();
    await app.press('p');
    expect(engine.runs).toHaveLength(1);
    expect(engine.runs[0]!.req).toMatchObject({ kind: 'ping', host: '10.244.0.4', source: { namespace: 'default', pod: 'client-pod' }, debug: 'never' });
    expect(engine.runs[0]!.req.count).toBeUndefined(); // until stopped
    expect(frame()).toContain('PROBE ping  client-pod -> practice-pod ');
    const { events } = pingOk();
    const replies = events.filter((e) => e.type === 'probe' && e.event.type === 'reply');
    engine.runs[0]!.emit(events[0]!, ...replies.slice(0, 3));
    await tick();
    expect(frame()).toContain('pod 10.244.0.4  busybox ping in busybox');
    const stdout = readFileSync(new URL('../fixtures/probe/busybox-ping/ok.stdout.txt', import.meta.url), 'utf8');
    // Each reply line shows seq, ttl and the RTT exactly as the tool printed them.
    for (const m of [...stdout.matchAll(/seq=(\d+) ttl=(\d+) time=([\d.]+) ms/g)].slice(0, 3)) expect(frame()).toContain(m[0]);
    // sent/received/loss and min/avg/max on one row (compact at this width)
    expect(frame()).toContain('recv 3/3  loss 0%  rtt 0.079/0.095/0.122');
    expect(frame()).toMatch(/rtt [▁▂▃▄▅▆▇█]{3}/);
    expect(frame()).toContain('running · x stop');
    await app.press('x');
    await tick();
    expect(engine.runs[0]!.stoppedWith?.reason).toBe('stopped');
    expect(frame()).toMatch(/│stopped +│/);
    expect(frame()).toContain('recv 3/3  loss 0%');
    // A second x puts the console away; the history keeps the run.
    await app.press('x');
    expect(app.store.getState().probe.console).toBeUndefined();
    expect(app.store.getState().probe.history).toHaveLength(1);
  });

  it('loss with sequence gaps: lost lines, the loss in the figures, dots in the sparkline', async () => {
    const { app, engine, frame } = open();
    await app.press('p');
    const { events, outcome } = fixtureRun('busybox-ping', 'loss-partial', { kind: 'ping', tool: 'busybox-ping', host: '10.244.0.4', count: 40 });
    // up to the reply with seq=15: 0 and 3,4,5 and 13,14 were lost
    const upTo = events.findIndex((e) => e.type === 'probe' && e.event.type === 'reply' && e.event.seq === 15);
    engine.runs[0]!.emit(...events.slice(0, upTo + 1));
    await tick();
    expect(frame()).toContain('seq=13 lost');
    expect(frame()).toContain('seq=14 lost');
    expect(frame()).toContain('seq=15 ttl=64 time=0.112 ms');
    expect(frame()).toContain('sent 16  recv 10  loss 37.5%'); // too wide for one row here: two
    expect(frame()).toMatch(/rtt [▁-█]*·+[▁-█]*·+[▁-█]*·+/);
    engine.runs[0]!.emit(...events.slice(upTo + 1));
    engine.runs[0]!.finish(outcome);
    await tick();
    // The tool's own summary wins at the end: 40 sent, 22 received.
    expect(frame()).toContain('recv 22/40  loss 45%  rtt 0.094/0.107/0.137');
    expect(frame()).toMatch(/│done +│/);
  });

  it('h: HTTP 200, timings where the tool gives them, size and the page title; the Service VIP beside the pod IP', async () => {
    const { app, engine, frame } = open({ actions: [{ type: 'services/changed', upserts: [practiceService], deleted: [] }] });
    await app.press('h');
    expect(engine.runs.map((r) => [r.req.kind, r.req.host, r.req.port])).toEqual([['http', '10.244.0.4', 80], ['http', '10.96.0.20', 8080]]);
    const pod = fixtureRun('busybox-wget', 'podnet-ok', { kind: 'http', tool: 'busybox-wget', host: '10.244.0.4', port: 80 });
    const svc = fixtureRun('curl', 'podnet-ok', { kind: 'http', tool: 'curl', host: '10.96.0.20', port: 8080 }, 'nginx');
    engine.runs[0]!.emit(...pod.events);
    engine.runs[0]!.finish(pod.outcome);
    engine.runs[1]!.emit(...svc.events);
    engine.runs[1]!.finish(svc.outcome);
    await tick();
    const f = frame();
    expect(f).toContain('pod 10.244.0.4:80  busybox wget in busybox');
    expect(f).toContain('svc practice-service 10.96.0.20:8080');
    expect(f).toContain('HTTP 200 OK');
    expect(f).toContain('title Welcome to nginx!');
    // curl gives timings and a size: connect 0.208 ms, first byte 1.13 ms, total 1.167 ms, 138 bytes
    expect(f).toMatch(/connect 0\.21 {2}1st byte 1\.13 {2}total 1\.17 ms/);
    expect(f).toContain('curl in nginx');
    expect(f).toContain('size 138 B');
    expect(f).toContain('title backend');
  });

  it('c on a target with one container port runs at once; refused and open read as such', async () => {
    const { app, engine, frame } = open({ target: 'db' });
    await app.press('c');
    expect(app.store.getState().probe.modal).toBeUndefined();
    expect(engine.runs[0]!.req).toMatchObject({ kind: 'tcp', host: '10.244.1.3', port: 5432 });
    const refused = fixtureRun('busybox-nc', 'podnet-refused', { kind: 'tcp', tool: 'busybox-nc', host: '10.244.1.3', port: 5432 });
    engine.runs[0]!.emit(...refused.events);
    engine.runs[0]!.finish(refused.outcome);
    await tick();
    expect(frame()).toContain('port 5432 refused');
    expect(frame()).toMatch(/10\.244\.1\.3 \(10\.244\.1\.3:5433\): Connection re/);
    const open2 = fixtureRun('busybox-nc', 'podnet-open', { kind: 'tcp', tool: 'busybox-nc', host: '10.244.1.3', port: 5432 });
    await app.press('c');
    engine.runs[1]!.emit(...open2.events);
    engine.runs[1]!.finish(open2.outcome);
    await tick();
    expect(frame()).toContain('port 5432 open');
  });

  it('the chooser moves with c and the arrows, esc cancels it', async () => {
    const { app, engine, frame } = open({ target: 'db', actions: [{ type: 'pods/changed', upserts: [pod('db', { ip: '10.244.1.3', resourceVersion: '2', ports: [port('pg', 5432), port('pg', 9187)] })], deleted: [], at: NOW }] });
    await app.press('c', 'c');
    expect(app.store.getState().probe.modal).toMatchObject({ type: 'choice', index: 1 });
    expect(frame()).toMatch(/TCP port +5432 +9187 +c\/→ next · y run · e/);
    await app.press(KEY.tab, '\x1b[C'); // in the console, right: wraps to the first
    expect(app.store.getState().probe.modal).toMatchObject({ index: 0 });
    await app.press(KEY.esc);
    await tick(30);
    expect(app.store.getState().probe.modal).toBeUndefined();
    expect(frame()).not.toContain('TCP port');
    expect(engine.runs).toHaveLength(0);
  });

  it('n looks up the target\'s Services\' names and its IP', async () => {
    const { app, engine, frame } = open({ actions: [{ type: 'services/changed', upserts: [practiceService], deleted: [] }] });
    await app.press('n');
    expect(engine.runs.map((r) => r.req.host)).toEqual(['practice-service.default.svc.cluster.local', '10.244.0.4']);
    const dns = fixtureRun('busybox-nslookup', 'service', { kind: 'dns', tool: 'busybox-nslookup', name: 'backend' });
    engine.runs[0]!.emit(...dns.events);
    engine.runs[0]!.finish(dns.outcome);
    await tick();
    expect(frame()).toContain('server 10.96.0.10');
    expect(frame()).toContain('A 10.96.0.11  backend.default.svc.cluster.l');
    expect(frame()).toContain('NXDOMAIN  backend.cluster.local');
    expect(frame()).toContain('1 answer');
  });

  it('a hostile page title (escape sequences, OSC, bidi) is drawn as plain text', async () => {
    const { app, engine, frame } = open();
    await app.press('h');
    // The real wget capture with its title replaced by a hostile one, through the real parser.
    const stdout = readFileSync(new URL('../fixtures/probe/busybox-wget/podnet-ok.stdout.txt', import.meta.url), 'utf8')
      .replace('<title>Welcome to nginx!</title>', '<title>\x1b[2J\x1b]0;pwned\x07Evil\x1b[31m page\u202e\x9b1m</title>');
    const stderr = readFileSync(new URL('../fixtures/probe/busybox-wget/podnet-ok.stderr.txt', import.meta.url), 'utf8');
    const parser = createHttpParser('busybox-wget');
    const events: RunEvent[] = [{ type: 'tool', tool: 'busybox-wget', container: 'busy\x1b[5mbox' }];
    for (const e of [...parser.feed(stdout, 'stdout'), ...parser.feed(stderr, 'stderr'), ...parser.end(0).events]) events.push({ type: 'probe', event: e });
    engine.runs[0]!.emit(...events);
    await tick();
    const f = frame();
    // The parser turns each control character into a space; what is left is inert text.
    expect(f).toMatch(/title .*Evil .*page/);
    expect(f).toContain('busybox wget in busybox');
    expect(f).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
  });

  it('a source without tools: the console says so and asks to add a debug container; y probes from it', async () => {
    const { app, engine, frame } = open({ source: 'distroless-app' });
    await app.press('p');
    engine.runs[0]!.finish({ reason: 'needs-debug', result: null, tool: null, container: null, message: 'Cannot ping from default/distroless-app: it has no ping, wget, curl or nc.' });
    await tick();
    expect(frame()).toContain('Cannot ping from default/distroless-app');
    expect(frame()).toContain('distroless-app has no tool for ping: add');
    expect(app.store.getState().probe.modal).toMatchObject({ type: 'confirm', text: expect.stringContaining('add podnet\'s debug container (nicolaka/netshoot) and probe from it? It stays until the pod is deleted. y yes · x no') });
    await app.press('y');
    expect(engine.runs).toHaveLength(2);
    expect(engine.runs[1]!.req).toMatchObject({ kind: 'ping', debug: 'use', source: { pod: 'distroless-app' } });
    engine.runs[1]!.emit({ type: 'progress', text: 'adding debug container podnet-debug' });
    await tick();
    expect(frame()).toContain('adding debug container podnet-debug…');
    engine.runs[1]!.emit({ type: 'tool', tool: 'iputils-ping', container: 'podnet-debug' });
    await tick();
    expect(frame()).toContain('iputils ping in podnet-debug');
    // Later probes from this source use the debug container straight away.
    await app.press('h');
    expect(engine.runs[2]!.req.debug).toBe('use');
  });

  it('RBAC refusing the debug container: its message, and no question', async () => {
    const { app, engine, frame } = open({ source: 'distroless-app' });
    await app.press('p');
    engine.runs[0]!.finish({ reason: 'needs-debug', fault: 'permission', result: null, tool: null, container: null,
      message: 'Forbidden: user "viewer" cannot patch pods/ephemeralcontainers in namespace "default".' });
    await tick();
    expect(frame()).toContain('Forbidden: user "viewer" cannot patch');
    expect(app.store.getState().probe.modal).toBeUndefined();
  });

  it('--readonly: no debug offer, no bandwidth, and the console says why', async () => {
    const { app, engine, frame } = open({ source: 'distroless-app', readonly: true });
    await app.press('p');
    expect(engine.runs[0]!.req.readonly).toBe(true);
    engine.runs[0]!.finish({ reason: 'needs-debug', result: null, tool: null, container: null, message: 'Cannot ping from default/distroless-app: it has no ping.' });
    await tick();
    expect(frame()).toContain('podnet adds no debug container with');
    expect(app.store.getState().probe.modal).toBeUndefined();
    await app.press('b', 'y');
    expect(engine.runs).toHaveLength(1);
    expect(app.store.getState().probe.modal).toBeUndefined();
  });

  it('b asks first (it runs an iperf3 server in the target), then shows Mbit/s per interval live', async () => {
    const { app, engine, frame } = open();
    await app.press('b');
    expect(engine.runs).toHaveLength(0);
    expect(frame()).toContain('Start an iperf3 server in practice-pod');
    await app.press('y');
    expect(engine.runs[0]!.req).toMatchObject({ kind: 'bandwidth', host: '10.244.0.4', targetPod: { pod: 'practice-pod' } });
    engine.runs[0]!.emit({ type: 'tool', tool: 'iperf3', container: 'podnet-debug' }, { type: 'bandwidth', interval: { startS: 0, endS: 1, bytes: 1_200_000_000, mbitPerS: 9600 } },
      { type: 'bandwidth', interval: { startS: 1, endS: 2, bytes: 1_100_000_000, mbitPerS: 8800 } });
    await tick();
    expect(frame()).toContain('0.0-1.0 s  9.60 Gbit/s');
    expect(frame()).toContain('now 8.80 Gbit/s');
    expect(frame()).toMatch(/rate [▁█]{2}/);
  });

  it('the target pod deleted, or replaced: the run ends with the reason and the engine is told', async () => {
    const { app, engine, frame } = open();
    await app.press('p');
    app.store.dispatch({ type: 'pods/changed', upserts: [], deleted: [{ key: 'default/practice-pod', uid: 'uid-default-practice-pod' }], at: NOW });
    await tick();
    expect(engine.runs[0]!.stoppedWith).toEqual({ reason: 'target-gone', message: 'stopped: the target pod practice-pod was deleted' });
    expect(frame()).toContain('stopped: the target pod practice-pod was');
    expect(frame()).toContain('│deleted ');
    // the source restarted as a new pod (new uid): the next probe ends too
    app.store.dispatch({ type: 'pods/changed', upserts: [pod('practice-pod', { ip: '10.244.0.4', ports: [port('nginx', 80)] })], deleted: [], at: NOW });
    await app.press('p');
    app.store.dispatch({ type: 'pods/changed', upserts: [pod('client-pod', { uid: 'uid-2', ip: '10.244.0.30' })], deleted: [], at: NOW });
    await tick();
    expect(engine.runs[1]!.stoppedWith?.reason).toBe('source-gone');
    expect(app.store.getState().probe.console!.runs[0]!.ending?.message).toBe('stopped: the source pod client-pod was replaced by a new pod (IP 10.244.0.30)');
    expect(frame()).toContain('stopped: the source pod client-pod was');
  });

  it('the pods watch failing ends the run as api-lost; an engine that never confirms is ended anyway', async () => {
    const state = seeded({ pods, actions: marks('client-pod', 'practice-pod') });
    const app = renderApp({ state });
    const engine = scriptedEngine({ stopGraceMs: 30 });
    // an engine whose stop() does nothing and whose done never settles
    const start = engine.deps.start;
    engine.deps.start = (kc, req, on) => ({ ...start(kc, req, on), stop() {}, done: new Promise(() => {}) });
    const effects = engine.attach(app.store);
    cleanups.push(() => effects.stop(), () => app.unmount());
    await app.press('p');
    app.store.dispatch({ type: 'watch/failed', resource: 'pods', message: 'The API server at https://127.0.0.1:6443 is not answering.', retryInMs: 2000 });
    await tick();
    expect(app.lastFrame()).toContain('stopped: the pod list is not live any more');
    await tick(80);
    expect(app.store.getState().probe.console!.runs[0]!.status).toBe('ended');
    expect(app.store.getState().probe.console!.runs[0]!.outcome?.reason).toBe('api-lost');
  });

  it('a new probe stops the running one', async () => {
    const { app, engine } = open();
    await app.press('p', 'h');
    expect(engine.runs[0]!.stoppedWith).toEqual({ reason: 'stopped', message: 'stopped: replaced by a newer probe' });
    expect(engine.runs[1]!.req.kind).toBe('http');
  });

  it('w and W write the history (the flash says where)', async () => {
    const { app, engine, frame } = open();
    await app.press(KEY.tab, 'w');
    expect(frame()).toContain('No probe has finished yet');
    await app.press('p');
    const { events, outcome } = pingOk();
    engine.runs[0]!.emit(...events);
    engine.runs[0]!.finish(outcome);
    await tick();
    await app.press('W');
    await tick();
    expect(engine.written.at(-1)!.format).toBe('csv');
    expect(frame()).toContain('Wrote 1 probe result as CSV to /tmp/podnet-probes-test.csv');
  });

  it('at 80x24 the console takes the nodes pane\'s place while it is open', async () => {
    const { app, engine, frame } = open({ columns: 80, rows: 24 });
    expect(frame()).not.toContain('PROBE');
    await app.press('p');
    const { events } = pingOk();
    engine.runs[0]!.emit(...events.slice(0, 5));
    await tick();
    const lines = frame().split('\n');
    expect(lines[1]).toMatch(/^┌─ PROBE ping {2}client-pod -> practice-pod/);
    expect(frame()).toContain('seq=2 ttl=64 time=0.079 ms');
    expect(frame()).toContain('sent 3  recv 3  loss 0%  min/avg/max 0.079/0.095/0.122 ms'); // the full words fit at 80
    expect(frame()).toContain('┌─ PODS');
    expect(frame()).not.toContain('NODES');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines).toHaveLength(23);
    await app.press('x', 'x');
    expect(frame()).toContain('NODES');
  });

  it('at 80x24, closing the console while it has focus gives the focus back to the pods', async () => {
    const { app, engine, frame } = open({ columns: 80, rows: 24 });
    await app.press('p');
    engine.runs[0]!.emit(...pingOk().events.slice(0, 3));
    await app.press(KEY.tab);
    expect(app.store.getState().view.focus).toBe('probe');
    await app.press('x', 'x');
    await tick();
    expect(frame()).toContain('NODES');
    expect(app.store.getState().view.focus).toBe('pods');
    await app.press('j');
    expect(app.store.getState().view.cursors.pods.index).toBe(1);
  });

  it('? in the console lists its keys from the keymap', async () => {
    const { app, frame } = open();
    await app.press(KEY.tab, '?');
    expect(frame()).toContain('HELP  probe pane');
    expect(frame()).toMatch(/p +Ping the target from the source, until stopped/);
    expect(frame()).toMatch(/x +Stop the probe/);
  });
});
