// The explorer when things go wrong, end to end: no terminal, no kubeconfig, an unknown context,
// an expired token, a forbidden user, the API going away and coming back, and cluster text that
// tries to take over the terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { runPodnet, startLab, type RunningLab } from '../helpers/lab.js';
import { Tmux } from './tuiTmux.js';

let lab: RunningLab;
let dir: string;
const tmux = new Tmux();

beforeAll(async () => {
  lab = await startLab();
  dir = mkdtempSync(join(tmpdir(), 'podnet-tui-errors-'));
});

afterAll(async () => {
  tmux.kill();
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The screen as one line of words: sentences wrapped inside a pane read as they were written. */
const flat = (screen: string) => screen.replace(/[│\n]+/g, ' ').replace(/ +/g, ' ');

/** The lab's kubeconfig with the admin user's token replaced (or removed: an anonymous user). */
function kubeconfigWithToken(name: string, token: string | undefined): string {
  const text = readFileSync(lab.kubeconfig, 'utf8').replace(/(- name: admin\n\s+user:\n\s+)token: .*/, token ? `$1token: ${token}` : '$1{}');
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('errors are one sentence, on stderr or on the screen', () => {
  it('without a terminal: exit 2 and a pointer to podnet probe', async () => {
    const r = await runPodnet(['--kubeconfig', lab.kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('podnet: The explorer needs a terminal: standard input and output must both be a TTY.\nTry: podnet probe SRC DST, which runs one probe without the full screen\n');
  });

  it('an unknown context or no kubeconfig: the sentence on the restored terminal, exit 2', async () => {
    const s = tmux.start(['--kubeconfig', lab.kubeconfig, '--context', 'nope']);
    let screen = await s.waitFor((x) => x.includes('podnet-exit='), 'exit');
    expect(screen).toContain('podnet: There is no context "nope" in the kubeconfig; it has lab, lab-readonly.');
    expect(screen).toContain('podnet-exit=2');
    const t = tmux.start([], { env: { KUBECONFIG: join(dir, 'missing'), HOME: dir } });
    screen = await t.waitFor((x) => x.includes('podnet-exit='), 'exit');
    expect(screen).toContain(`podnet: No kubeconfig found: none of the files in KUBECONFIG exist (${join(dir, 'missing')}).`);
    expect(screen).toContain('Try: podnet --kubeconfig FILE, or podnet --lab to explore the built-in lab');
  });

  it('an expired token (401) and a forbidden user (403) are said on screen; q still quits', async () => {
    const s = tmux.start(['--kubeconfig', kubeconfigWithToken('expired', 'expired-token')]);
    let screen = await s.waitFor((x) => x.includes('401 Unauthorized'), 'the 401 sentence');
    expect(flat(screen)).toContain('Cannot list pods in namespace "default": the API server rejected the credentials of user "admin" (401 Unauthorized); the token may have expired.');
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
    const t = tmux.start(['--kubeconfig', kubeconfigWithToken('anonymous', undefined)]);
    screen = await t.waitFor((x) => x.includes('403 Forbidden') && x.includes('forbidden to list nodes'), 'the 403 sentences');
    expect(flat(screen)).toContain('Cannot list pods in namespace "default": user "system:anonymous" is forbidden to list pods (403 Forbidden).');
    t.keys('q');
    await t.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('cluster text with escape sequences draws harmlessly (annotations, event messages)', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(lab.kubeconfig);
    const api = kc.makeApiClient(k8s.CoreV1Api);
    const evil = 'x\u001b]0;pwned\u0007y\u001b[2Jz';
    const pod = await api.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'hostile', annotations: { note: evil } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } },
    });
    await api.createNamespacedEvent({
      namespace: 'default',
      body: {
        metadata: { name: 'hostile.evil' }, involvedObject: { kind: 'Pod', namespace: 'default', name: 'hostile', uid: pod.metadata!.uid, apiVersion: 'v1' },
        reason: 'Evil', message: `event ${evil}`, type: 'Warning', source: { component: 'test' }, count: 1,
        firstTimestamp: new Date(), lastTimestamp: new Date(),
      },
    });
    const s = tmux.start(['--kubeconfig', lab.kubeconfig], { rows: 60 });
    const before = s.title();
    await s.waitFor((x) => x.includes('hostile'), 'the pod');
    s.type('/hostile');
    s.keys('Enter');
    await s.waitFor((x) => x.includes('PODS default  1/8'), 'the filter');
    s.keys('d');
    const screen = await s.waitFor((x) => x.includes('event xyz'), 'the description with the event', 15_000);
    expect(screen).toMatch(/Annotations: +note: xyz/);
    expect(screen.split('\n')[0]).toMatch(/^ podnet {2}ctx lab/); // not cleared by \e[2J
    expect(s.title()).toBe(before); // not retitled by \e]0;...\a
    expect(s.title()).not.toContain('pwned');
    s.keys('q'); // closes the description
    await s.waitFor((x) => x.includes('┌─ PODS'), 'the panes');
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('watches dropped or the API going away: said on screen, and the panes come back by themselves', async () => {
    const s = tmux.start(['--kubeconfig', lab.kubeconfig]);
    await s.waitFor((x) => x.includes('practice-pod'), 'pods');
    // Watches ended by the server (as on an apiserver timeout) resume where they were.
    expect((await lab.fault('drop-watches')).code).toBe(0);
    const dropped = await lab.fault('restart-pod', 'cache');
    const cacheIP = /-> (\S+)/.exec(dropped.stdout)![1]!;
    await s.waitFor((x) => x.includes(cacheIP), 'the restarted pod after the watches were dropped', 15_000);
    expect((await lab.fault('stop-api')).code).toBe(0);
    let screen = await s.waitFor((x) => flat(x).includes('connection refused'), 'the unreachable sentence', 15_000);
    expect(screen.split('\n')[0]).toContain('⚠ reconnecting');
    expect(flat(screen)).toMatch(/Cannot reach the API server at https:\/\/127\.0\.0\.1:\d+: connection refused\. Retrying in \d+s\./);
    expect(screen).toContain('practice-pod'); // the last known pods stay listed
    expect((await lab.fault('start-api')).code).toBe(0);
    screen = await s.waitFor((x) => !flat(x).includes('connection refused') && !x.includes('reconnecting'), 'recovery', 30_000);
    expect(screen).toContain('practice-pod');
    // ... and it is live again: a restart shows.
    const r = await lab.fault('restart-pod', 'db');
    const to = /-> (\S+)/.exec(r.stdout)![1]!;
    await s.waitFor((x) => x.includes(to), 'the restarted pod\'s IP', 15_000);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });
});
