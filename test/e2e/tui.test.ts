// The explorer end to end: the real binary in tmux (a real TTY, 120x36) against the real lab.
// Screens are read with capture-pane, colours with capture-pane -e.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as k8s from '@kubernetes/client-node';
import { startLab, type RunningLab } from '../helpers/lab.js';
import { Tmux, type Session } from './tuiTmux.js';

let lab: RunningLab;
let api: k8s.CoreV1Api;
const tmux = new Tmux();
const sessions: Session[] = [];

beforeAll(async () => {
  lab = await startLab();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(lab.kubeconfig);
  api = kc.makeApiClient(k8s.CoreV1Api);
});

afterAll(async () => {
  for (const s of sessions) s.close();
  tmux.kill();
  await lab?.stop();
});

const open = (args: string[] = [], o: Parameters<Tmux['start']>[1] = {}) => {
  const s = tmux.start(['--kubeconfig', lab.kubeconfig, ...args], o);
  sessions.push(s);
  return s;
};
/** The pods pane's row of a pod (after the S/T gutter, and the namespace with -A). */
const row = (screen: string, name: string) => screen.split('\n').find((l) => new RegExp(`^│[ST ] (\\S+ +)?${name} `).test(l)) ?? '';

describe('podnet in a terminal, on the lab', () => {
  it('lists the lab\'s nodes and pods with their real IPs, live', async () => {
    const s = open();
    const pods = (await api.listNamespacedPod({ namespace: 'default' })).items;
    expect(pods.length).toBe(7);
    const screen = await s.waitFor((x) => pods.every((p) => x.includes(p.status!.podIP!)) && x.includes('2 nodes'), 'every pod IP, both nodes');
    expect(screen.split('\n')[0]).toMatch(/^ podnet {2}ctx lab {2}ns default {2}2 nodes {2}7 pods +\? help$/);
    for (const p of pods) expect(row(screen, p.metadata!.name!)).toMatch(new RegExp(`1/1 +Running +0 +${p.status!.podIP!.replace(/\./g, '\\.')} +${p.spec!.nodeName}`));
    for (const n of (await api.listNode()).items) {
      const ip = n.status!.addresses!.find((a) => a.type === 'InternalIP')!.address.replace(/\./g, '\\.');
      const roles = n.metadata!.labels!['node-role.kubernetes.io/control-plane'] !== undefined ? 'control-plane' : '<none>';
      expect(screen).toMatch(new RegExp(`${n.metadata!.name} +Ready +${roles} +${ip} +${n.spec!.podCIDR!.replace(/\./g, '\\.')} +\\d`));
    }
    expect(screen.split('\n').at(-1)).toMatch(/^ s source {2}t target/);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('keys move, filter, mark source and target, describe, switch namespace', async () => {
    const s = open();
    await s.waitFor((x) => x.includes('practice-pod'), 'pods');
    s.keys('j');
    await s.waitFor((x) => /\x1b\[7m[^\n]*cache/.test(x), 'the cursor on the second pod', 5000, true);
    s.type('/client');
    s.keys('Enter');
    await s.waitFor((x) => x.includes('PODS default  1/7  /client'), 'the filter');
    s.keys('s', 'Escape');
    await s.waitFor((x) => x.includes('PODS default  7 '), 'the filter cleared');
    s.type('/practice');
    s.keys('Enter', 't');
    await s.waitFor((x) => /│T practice-pod/.test(x), 'the target');
    s.keys('Escape');
    let screen = await s.waitFor((x) => x.includes('PROBE client-pod -> practice-pod') && x.includes('PODS default  7 '), 'both marks');
    expect(row(screen, 'client-pod')).toMatch(/│S client-pod/);
    expect(row(screen, 'practice-pod')).toMatch(/│T practice-pod/);
    // The cursor stayed on practice-pod after the filter was cleared: describe it.
    s.keys('d');
    const ip = (await api.readNamespacedPod({ namespace: 'default', name: 'practice-pod' })).status!.podIP!;
    screen = await s.waitFor((x) => x.includes('Events:'), 'the description');
    expect(screen).toContain('DESCRIBE default/practice-pod');
    expect(screen).toMatch(new RegExp(`IP: +${ip.replace(/\./g, '\\.')}`));
    expect(screen).toMatch(/Port: +80\/TCP/);
    expect(screen).toMatch(/Node: +lab-node-1\/127\.0\.\d+\.1/);
    s.keys('Escape');
    await s.waitFor((x) => x.includes('┌─ PODS'), 'back to the panes');
    s.type(':ns kube-system');
    s.keys('Enter');
    screen = await s.waitFor((x) => x.includes('coredns'), 'kube-system');
    expect(screen.split('\n')[0]).toContain('ns kube-system');
    s.keys('0');
    screen = await s.waitFor((x) => x.includes('11 pods') && x.includes('secure-app'), 'all namespaces');
    expect(screen).toMatch(/NAMESPACE +NAME/);
    expect(row(screen, 'coredns')).toMatch(/kube-system +coredns/);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('a restarted pod shows its new IP, highlighted with the old one', async () => {
    const s = open();
    await s.waitFor((x) => x.includes('backend'), 'pods');
    const r = await lab.fault('restart-pod', 'backend');
    const [, from, to] = /IP (\S+) -> (\S+)/.exec(r.stdout)! as unknown as [string, string, string];
    const screen = await s.waitFor((x) => x.includes(`${to} (was ${from})`), 'the highlighted IP', 15_000, true);
    const line = screen.split('\n').find((l) => l.includes('(was'))!;
    expect(line).toContain('backend');
    // yellow and bold, from the IP to the old one
    expect(line).toMatch(new RegExp(`\\x1b\\[[0-9;]*(33)[0-9;]*m(\\x1b\\[[0-9;]*m)*${to.replace(/\./g, '\\.')} \\(was`));
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('the terminal is restored after q, Ctrl-C and SIGTERM', async () => {
    for (const how of ['q', 'C-c', 'SIGTERM'] as const) {
      const s = open();
      await s.waitFor((x) => x.includes('┌─ PODS'), 'the explorer');
      if (how === 'SIGTERM') process.kill(s.podnetPid(), 'SIGTERM');
      else s.keys(how);
      const screen = await s.waitFor((x) => x.includes('podnet-exit='), `exit after ${how}`);
      expect(screen).toContain('before-podnet');
      expect(screen).toContain(how === 'SIGTERM' ? 'podnet-exit=143' : 'podnet-exit=0');
      expect(screen).not.toContain('┌─ PODS'); // back on the main screen
      const after = s.screen(true);
      expect(after).not.toMatch(/\x1b\[7m/);
    }
  });

  it('80x24 folds the side panes away; a resize lays everything out again', async () => {
    const s = open([], { cols: 80, rows: 24 });
    let screen = await s.waitFor((x) => x.includes('practice-pod'), 'pods at 80x24');
    expect(screen).not.toContain('PROBE');
    expect(screen.split('\n').every((l) => l.length <= 80)).toBe(true);
    s.resize(120, 36);
    screen = await s.waitFor((x) => x.includes('PROBE'), 'the probe pane after the resize');
    expect(screen.split('\n')[0]).toMatch(/^ podnet {2}ctx lab/);
    expect(screen.split('\n')[1]).toMatch(/^┌─ NODES/);
    s.keys('q');
  });

  it('NO_COLOR: styles but no colours (and CI=true in a terminal still draws)', async () => {
    const s = open([], { env: { NO_COLOR: '1', CI: 'true' } });
    const screen = await s.waitFor((x) => x.includes('practice-pod'), 'pods', 10_000, true);
    expect(screen).not.toMatch(/\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;5;\d+)m/);
    expect(screen).toMatch(/\x1b\[[0-9;]*7m/); // the cursor, in inverse
    s.keys('q');
  });

  it('podnet --lab: a lab of its own, both panes live, marks, and nothing left behind after q', async () => {
    const s = tmux.start(['--lab']);
    sessions.push(s);
    let screen = await s.waitFor((x) => x.includes('7 pods') && x.includes('2 nodes') && /10\.244\.1\.\d+/.test(x), 'the lab\'s panes', 60_000);
    const pid = s.podnetPid();
    const stateDir = `${process.getuid?.() === 0 ? '/run/podnet' : `${tmpdir()}/podnet-${process.getuid?.()}`}/lab-${pid}`;
    expect(existsSync(stateDir)).toBe(true);
    s.keys('j', 's', 'j', 't');
    screen = await s.waitFor((x) => x.includes('PROBE cache -> client-pod'), 'the marks');
    expect(screen).toMatch(/│S cache/);
    s.keys('q');
    screen = await s.waitFor((x) => x.includes('podnet-exit='), 'exit', 30_000);
    expect(screen).toContain('podnet-exit=0');
    expect(screen).toContain('before-podnet');
    expect(existsSync(stateDir)).toBe(false);
  });
});
