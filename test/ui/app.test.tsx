import { describe, expect, it } from 'vitest';
import { renderApp, seeded, pod, node, KEY, NOW } from './renderApp.js';
import { podDescription } from '../../src/kube/describe.js';
import { readFileSync } from 'node:fs';
import { makeTheme, noColorFromEnv } from '../../src/ui/theme.js';

const pods = [
  pod('backend', { ip: '10.244.1.2', node: 'lab-node-2' }),
  pod('client-pod', { ip: '10.244.0.3' }),
  pod('crashy', { ip: '10.244.0.7', status: 'CrashLoopBackOff', ready: '0/1', restartCount: 3, lastRestartMs: NOW - 5 * 60_000 }),
  pod('practice-pod', { ip: '10.244.0.4' }),
];
const frame = (app: ReturnType<typeof renderApp>) => app.lastFrame() ?? '';
const lines = (app: ReturnType<typeof renderApp>) => frame(app).split('\n');

describe('the explorer at 120x36', () => {
  it('header, nodes, pods in kubectl\'s words, placeholders and the footer\'s keys', () => {
    const app = renderApp({ state: seeded({ pods, nodes: [node('lab-node-1', { roles: 'control-plane' }), node('lab-node-2', { status: 'Ready,SchedulingDisabled', internalIP: '127.0.10.2' })] }) });
    const f = frame(app);
    expect(lines(app)[0]).toMatch(/^ podnet {2}ctx lab {2}ns default {2}2 nodes {2}4 pods +\? help$/);
    expect(f).toMatch(/lab-node-1 +Ready +127\.0\.10\.1 +10\.244\.0\.0\/24 +3/);
    expect(f).toMatch(/lab-node-2 +Ready,SchedulingDisabled +127\.0\.10\.2/);
    expect(f).toMatch(/crashy +0\/1 +CrashLoopBackOff +3 \(5m ago\) +10\.244\.0\.7 +lab-node-1/);
    expect(f).toContain('┌─ PROBE');
    expect(f).toContain('┌─ SERVICES & FORWARDS');
    expect(lines(app).at(-1)).toMatch(/^ s source {2}t target {2}d describe {2}p ping {2}h http {2}c tcp {2}n dns {2}f forward {2}\/ filter {2}\? help {2}q quit/);
    expect(lines(app)).toHaveLength(35); // one row shorter than the terminal (ink#971)
    app.unmount();
  });

  it('moves, marks source and target, and shows them in the pods and probe panes', async () => {
    const app = renderApp({ state: seeded({ pods }) });
    await app.press('j', 's', 'j', 'j', 't');
    expect(app.store.getState().view.marks).toEqual({ source: { namespace: 'default', name: 'client-pod' }, target: { namespace: 'default', name: 'practice-pod' } });
    expect(frame(app)).toMatch(/│S client-pod/);
    expect(frame(app)).toMatch(/│T practice-pod/);
    expect(frame(app)).toContain('PROBE client-pod -> practice-pod');
    expect(frame(app)).toContain('S default/client-pod (10.244.0.3)');
    app.unmount();
  });

  it('/ filters as you type; enter keeps it; esc clears it', async () => {
    const app = renderApp({ state: seeded({ pods }) });
    await app.press('/', 'c', 'l', 'i');
    expect(lines(app).at(-1)).toMatch(/^\/cli {2}/);
    expect(frame(app)).toContain('PODS default  1/4  /cli');
    await app.press(KEY.enter);
    expect(frame(app)).not.toContain('backend');
    await app.press(KEY.esc);
    expect(frame(app)).toContain('backend');
    app.unmount();
  });

  it('keys typed faster than a read (key repeat) each count', async () => {
    const app = renderApp({ state: seeded({ pods }) });
    await app.press('jjj');
    expect(app.store.getState().view.cursors.pods.key).toBe('default/practice-pod');
    app.unmount();
  });

  it('? lists the keys of the focused pane, and only those', async () => {
    const app = renderApp({ state: seeded({ pods }) });
    await app.press('?');
    expect(frame(app)).toContain('HELP  pods pane');
    expect(frame(app)).toMatch(/s +Mark the selected pod as the probe source/);
    expect(frame(app)).toMatch(/:ns NAME +Show the pods of namespace NAME/);
    expect(frame(app)).not.toContain('Scroll down'); // the describe view's keys
    await app.press(KEY.esc, KEY.tab, '?');
    expect(frame(app)).toContain('HELP  probe pane');
    expect(frame(app)).not.toContain('Mark the selected pod');
    app.unmount();
  });

  it('d describes the pod (kubectl describe pod\'s words), esc goes back', async () => {
    const app = renderApp({ state: seeded({ pods }) });
    await app.press('j', 'j', 'j', 'd');
    expect(frame(app)).toContain('DESCRIBE default/practice-pod');
    expect(frame(app)).toContain('Loading…');
    const json = JSON.parse(readFileSync(new URL('../../src/kube/testdata/practice-pod.json', import.meta.url), 'utf8'));
    app.store.dispatch({ type: 'describe/loaded', key: 'default/practice-pod', description: podDescription(json, []), at: NOW });
    await app.press('');
    expect(frame(app)).toMatch(/IP: +10\.244\.0\.\d+/);
    expect(frame(app)).toMatch(/Port: +80\/TCP/);
    await app.press(KEY.esc);
    expect(frame(app)).toContain('┌─ PODS');
    app.unmount();
  });

  it(':ns and 0 switch namespace, :q and q quit', async () => {
    const app = renderApp({ state: seeded({ pods }) });
    await app.press(':', 'ns kube-system', KEY.enter);
    expect(app.store.getState().session.wanted.scope).toEqual({ all: false, namespace: 'kube-system' });
    await app.press('0');
    expect(app.store.getState().session.wanted.scope).toEqual({ all: true });
    await app.press('q');
    expect(app.store.getState().view.quitting).toBe(true);
    app.unmount();
  });

  it('a failing watch shows its sentence in its pane, and the other pane keeps working', async () => {
    const app = renderApp({
      state: seeded({ pods, actions: [{ type: 'watch/failed', resource: 'nodes', message: 'Cannot list nodes: user "dev" is forbidden to list nodes (403 Forbidden).', retryInMs: 4000 }] }),
    });
    expect(frame(app)).toMatch(/│Cannot list nodes: user "dev" is forbidden to list nodes \(403 +│/);
    expect(frame(app)).toMatch(/│Forbidden\)\. Retrying in 4s\. +│/);
    expect(frame(app)).toMatch(/lab-node-2 +Ready/);
    expect(frame(app)).toContain('practice-pod');
    expect(lines(app)[0]).toContain('⚠ reconnecting');
    app.unmount();
  });
});

describe('terminals as they are', () => {
  it('roles and age show when the pane is wide enough', () => {
    const app = renderApp({ state: seeded({ pods, nodes: [node('lab-node-1', { roles: 'control-plane' })] }), columns: 160 });
    expect(frame(app)).toMatch(/lab-node-1 +Ready +control-plane +127\.0\.10\.1 +10\.244\.0\.0\/24 +3 +60m/);
    app.unmount();
  });

  it('80x24: one column, nothing wider than the terminal, header and footer kept', () => {
    const app = renderApp({ state: seeded({ pods }), columns: 80, rows: 24 });
    expect(lines(app)).toHaveLength(23);
    expect(lines(app).every((l) => l.length <= 80)).toBe(true);
    expect(frame(app)).not.toContain('PROBE');
    expect(frame(app)).toMatch(/practice-pod +1\/1 +Running/);
    app.unmount();
  });

  it('NO_COLOR: the theme has no colours, only bold/underline/inverse (e2e checks the real screen)', () => {
    const styles = (t: ReturnType<typeof makeTheme>) => [...Object.values(t.tone), t.title, t.titleFocused, t.header, t.columnHeader, t.cursor, t.key, ...Object.values(t.flash)];
    expect(styles(makeTheme(true)).every((s) => s.color === undefined)).toBe(true);
    expect(makeTheme(true).border).toBeUndefined();
    expect(styles(makeTheme(false)).some((s) => s.color !== undefined)).toBe(true);
    expect(noColorFromEnv({ NO_COLOR: '1' })).toBe(true);
    expect(noColorFromEnv({ NO_COLOR: '' })).toBe(false);
  });
});

describe('keys as terminals send them', () => {
  it('an Escape typed right before a key (one read: ESC j) is both keys, not Alt-j', async () => {
    const app = renderApp({ state: seeded({ pods }) });
    await app.press('/', 'cli', KEY.enter, '\u001bj');
    expect(app.store.getState().view.filters.pods).toBe('');
    expect(app.store.getState().view.cursors.pods.key).toBe('default/crashy');
    app.unmount();
  });
});
