// The probe console end to end: the real binary in tmux against the real lab, real tools in real
// pod namespaces. The screens are kept in $TMPDIR/podnet-probe-screens.txt to be looked at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startLab, type RunningLab } from '../helpers/lab.js';
import { kubectlPath, runKubectl } from '../helpers/kubectl.js';
import { Tmux, type Session } from './tuiTmux.js';

let lab: RunningLab;
let api: k8s.CoreV1Api;
const tmux = new Tmux();
const sessions: Session[] = [];
const SCREENS = join(tmpdir(), 'podnet-probe-screens.txt');

beforeAll(async () => {
  lab = await startLab();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(lab.kubeconfig);
  api = kc.makeApiClient(k8s.CoreV1Api);
  writeFileSync(SCREENS, '');
});

afterAll(async () => {
  for (const s of sessions) s.close();
  tmux.kill();
  await lab?.stop();
});

const open = (o: Parameters<Tmux['start']>[1] = {}) => {
  const s = tmux.start(['--kubeconfig', lab.kubeconfig], o);
  sessions.push(s);
  return s;
};
const keep = (what: string, screen: string) => appendFileSync(SCREENS, `=== ${what}\n${screen}\n\n`);
const ip = async (name: string) => (await api.readNamespacedPod({ namespace: 'default', name })).status!.podIP!;

/** Marks a pod through the filter: / name enter, the key, esc. */
async function mark(s: Session, name: string, key: 's' | 't') {
  s.type(`/${name}`);
  s.keys('Enter');
  await s.waitFor((x) => x.includes(`/${name}`) && new RegExp(`│. ${name} `).test(x), `the filter on ${name}`);
  s.keys(key, 'Escape');
  await s.waitFor((x) => new RegExp(`│${key.toUpperCase()} ${name} `).test(x), `${name} marked ${key}`);
}

const replies = (screen: string) => [...screen.matchAll(/seq=(\d+) ttl=\d+ time=[\d.]+ ms/g)].map((m) => Number(m[1]));

describe('the probe console on the lab', () => {
  it('p pings live; loss injected shows losses, heal recovers; x stops; h, c, n', async () => {
    const s = open();
    await s.waitFor((x) => x.includes('practice-pod') && x.includes('client-pod'), 'pods');
    await mark(s, 'client-pod', 's');
    await mark(s, 'practice-pod', 't');
    const target = await ip('practice-pod');
    s.keys('p');
    let screen = await s.waitFor((x) => replies(x).length >= 3, 'three live replies', 15_000);
    keep('ping', screen);
    expect(screen).toMatch(/PROBE ping {2}client-pod -> practice-pod/);
    expect(screen).toMatch(new RegExp(`pod ${target.replace(/\./g, '\\.')}  busybox ping`));
    expect(screen).toMatch(/recv (\d+)\/\1  loss 0%  rtt [\d.]+\/[\d.]+\/[\d.]+/);
    expect(screen).toMatch(/rtt [▁▂▃▄▅▆▇█]+/);

    expect((await lab.fault('loss', 'practice-pod', '50')).code).toBe(0);
    screen = await s.waitFor((x) => /seq=\d+ lost/.test(x) && /loss [1-9][\d.]*%/.test(x), 'losses shown', 30_000);
    keep('ping with 50% loss', screen);
    expect(screen).toMatch(/rtt [▁-█]*·/);
    expect((await lab.fault('heal', 'practice-pod')).code).toBe(0);
    const healedFrom = Math.max(...replies(screen));
    screen = await s.waitFor((x) => {
      const r = replies(x).filter((n) => n > healedFrom + 3);
      return r.length >= 3 && r.every((n, i) => i === 0 || n === r[i - 1]! + 1);
    }, 'consecutive replies after heal', 30_000);
    keep('ping healed', screen);

    s.keys('x');
    screen = await s.waitFor((x) => /│stopped +│/.test(x), 'stopped');
    const stoppedAt = Math.max(...replies(screen));
    await new Promise((r) => setTimeout(r, 2500));
    expect(Math.max(...replies(s.screen()))).toBe(stoppedAt); // nothing runs on

    s.keys('h');
    screen = await s.waitFor((x) => x.includes('title Welcome to nginx!') && /│done/.test(x), 'HTTP 200 and the title', 20_000);
    keep('http', screen);
    expect(screen).toContain('HTTP 200 OK');
    expect(screen).toContain(`pod ${target}:80`);

    await mark(s, 'db', 't');
    s.keys('c'); // db declares one port: no chooser
    screen = await s.waitFor((x) => x.includes('port 5432 open'), 'db:5432 open', 20_000);
    keep('tcp db:5432', screen);

    // The tutorial's `kubectl expose pod`, when the scenario has no Service for practice-pod yet.
    const svc = await runKubectl(kubectlPath('1.33'), lab.kubeconfig, ['get', 'svc', 'practice-service', '--ignore-not-found', '-o', 'name']);
    if (!svc.stdout.trim()) {
      const r = await runKubectl(kubectlPath('1.33'), lab.kubeconfig, ['expose', 'pod', 'practice-pod', '--name', 'practice-service', '--port', '80']);
      expect(r.code, r.stderr).toBe(0);
    }
    await mark(s, 'practice-pod', 't');
    await s.waitFor((x) => x.includes('practice-service ClusterIP'), 'the Service in the services pane', 15_000);
    s.keys('n');
    screen = await s.waitFor((x) => x.includes('practice-service.default.svc.cluster.local') && /A 10\.96\.\d+\.\d+ +practice-service/.test(x) && x.includes('PTR'), 'practice-service resolved', 30_000);
    keep('dns', screen);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  }, 180_000);

  it('from distroless-app: the console asks for a debug container, then pings from it', async () => {
    const s = open();
    await s.waitFor((x) => x.includes('distroless-app'), 'pods');
    await mark(s, 'distroless-app', 's');
    await mark(s, 'practice-pod', 't');
    s.keys('p');
    let screen = await s.waitFor((x) => x.includes('distroless-app has no tool for ping: add'), 'the debug question', 20_000);
    keep('distroless: no tools', screen);
    s.keys('y');
    screen = await s.waitFor((x) => replies(x).length >= 2, 'replies from the debug container', 90_000);
    keep('distroless: ping from the debug container', screen);
    expect(screen).toMatch(/ping in \S+/);
    s.keys('x', 'q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  }, 120_000);

  it('at 80x24 the console takes the nodes pane\'s place; the target restarting ends the probe', async () => {
    const s = open({ cols: 80, rows: 24 });
    await s.waitFor((x) => x.includes('practice-pod'), 'pods');
    await mark(s, 'client-pod', 's');
    await mark(s, 'backend', 't');
    s.keys('p');
    let screen = await s.waitFor((x) => replies(x).length >= 2, 'replies at 80x24', 15_000);
    keep('80x24 ping', screen);
    expect(screen.split('\n')[1]).toMatch(/^┌─ PROBE ping {2}client-pod -> backend/);
    expect(screen.split('\n').every((l) => l.length <= 80)).toBe(true);
    expect((await lab.fault('restart-pod', 'backend')).code).toBe(0);
    screen = await s.waitFor((x) => /stopped: the target pod backend/.test(x) && !/stopping/.test(x), 'the end, said', 20_000);
    keep('80x24 target restarted', screen);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  }, 60_000);
});
