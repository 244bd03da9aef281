// The SERVICES & FORWARDS pane end to end: the real binary in tmux (120x36) against the real lab.
// practice-service (exposed with kubectl 1.33 as NodePort, the tutorial's way) shows for
// practice-pod with its ClusterIP and NodePort URLs; `e` exposes backend (checked with kubectl);
// `f` forwards the target, curl goes through it while its counters move; `f` again frees the
// port; after restart-pod the forward follows the new pod. Screens are printed for reading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type RunningLab } from '../helpers/lab.js';
import { kubectlBinaries, runKubectl, type KubectlBinary } from '../helpers/kubectl.js';
import { poll } from '../helpers/poll.js';
import { Tmux, type Session } from './tuiTmux.js';

let lab: RunningLab;
let kubectl: KubectlBinary;
let config: string;
const tmux = new Tmux();
const sessions: Session[] = [];

const k = async (...args: string[]) => {
  const r = await runKubectl(kubectl, lab.kubeconfig, args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  lab = await startLab();
  kubectl = kubectlBinaries().find((b) => b.version === '1.33')!;
  // Saved forwards go to $XDG_CONFIG_HOME/podnet: a fresh one, never the user's.
  config = mkdtempSync(join(tmpdir(), 'podnet-tui-forward-'));
  const has = await runKubectl(kubectl, lab.kubeconfig, ['get', 'svc', 'practice-service']);
  if (has.code !== 0) await k('expose', 'pod', 'practice-pod', '--name', 'practice-service', '--type', 'NodePort', '--port', '80');
});

afterAll(async () => {
  for (const s of sessions) s.close();
  tmux.kill();
  await lab?.stop();
  rmSync(config, { recursive: true, force: true });
});

const open = (args: string[] = []) => {
  const s = tmux.start(['--kubeconfig', lab.kubeconfig, ...args], { env: { XDG_CONFIG_HOME: config } });
  sessions.push(s);
  return s;
};
/** The right column of the screen (probe and services panes). */
const right = (screen: string) => screen.split('\n').map((l) => l.slice(74)).join('\n');
const footer = (screen: string) => screen.split('\n')[34] ?? '';
const show = (what: string, screen: string) => console.log(`--- ${what}\n${screen}\n`);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function markTarget(s: Session, pod: string) {
  await s.waitFor((x) => x.includes(pod), 'the pods');
  s.type(`/${pod}`);
  s.keys('Enter', 't', 'Escape');
  await s.waitFor((x) => x.includes(`SERVICES & FORWARDS target ${pod}`), `${pod} as the target`);
}

function curl(url: string): Promise<{ code: string; body: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-s', '-m', '3', '-w', '\n%{http_code}', url], (_e, out) => {
      const i = out.lastIndexOf('\n');
      resolve({ body: out.slice(0, i), code: out.slice(i + 1) });
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('SERVICES & FORWARDS in a terminal, on the lab', () => {
  it('practice-service for practice-pod: NodePort, ClusterIP and NodePort URLs, a ready endpoint', async () => {
    const svc = JSON.parse(await k('get', 'svc', 'practice-service', '-o', 'json'));
    const clusterIP: string = svc.spec.clusterIP;
    const nodePort: number = svc.spec.ports[0].nodePort;
    const nodes = JSON.parse(await k('get', 'nodes', '-o', 'json')).items.map((n: { status: { addresses: { type: string; address: string }[] } }) =>
      n.status.addresses.find((a) => a.type === 'InternalIP')!.address) as string[];
    const s = open();
    await markTarget(s, 'practice-pod');
    const screen = await s.waitFor((x) => x.includes(`http://${nodes[1]}:${nodePort}`) && x.includes('endpoint ready'), 'the NodePort URLs and the endpoint');
    show('practice-pod as the target', screen);
    const r = right(screen);
    expect(r).toMatch(/practice-service NodePort endpoint ready/);
    expect(r).toMatch(new RegExp(`${esc(clusterIP)}:80 -> 80 {2}NodePort ${nodePort}`));
    expect(r).toContain(`inside http://${clusterIP}:80`);
    expect(r).toContain(`nodes  http://${nodes[0]}:${nodePort}`);
    // The URL the pane shows for the nodes opens from this machine (the `minikube service --url` answer).
    const page = await curl(`http://${nodes[0]}:${nodePort}/`);
    expect(page.code).toBe('200');
    expect(page.body).toContain('<title>Welcome to nginx!</title>');
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('e on backend asks exactly what it will create, then creates it (kubectl sees it)', async () => {
    const s = open();
    await markTarget(s, 'backend');
    s.keys('e');
    const asked = await s.waitFor((x) => footer(x).includes('y/n'), 'the confirmation line');
    show('e on backend', asked);
    // The lab's backend already has a Service called backend: the new one gets a suffix.
    expect(footer(asked)).toMatch(/^ Create ClusterIP Service default\/backend-svc port 8080 -> backend:8080\/TCP selector app=backend,tier=api\?/);
    s.keys('y');
    const done = await s.waitFor((x) => footer(x).includes('Created Service'), 'the flash');
    show('after y', done);
    expect(footer(done)).toMatch(/Created Service default\/backend-svc: ClusterIP 10\.96\.\d+\.\d+:8080 -> backend:8080\./);
    const svc = JSON.parse(await k('get', 'svc', 'backend-svc', '-o', 'json'));
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', selector: { app: 'backend', tier: 'api' }, ports: [{ port: 8080, targetPort: 8080, protocol: 'TCP' }] });
    const pane = await s.waitFor((x) => right(x).includes('backend-svc ClusterIP endpoint ready'), 'the new Service in the pane');
    expect(right(pane)).toContain(`inside http://${svc.spec.clusterIP}:8080`);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('e as a user RBAC forbids: RBAC\'s refusal in one sentence, nothing created', async () => {
    const s = open(['--context', 'lab-readonly']);
    await markTarget(s, 'frontend');
    s.keys('e');
    await s.waitFor((x) => footer(x).includes('y/n'), 'the confirmation line');
    s.keys('y');
    const refused = await s.waitFor((x) => footer(x).includes('403'), 'the refusal');
    show('e as the readonly user', refused);
    expect(footer(refused)).toMatch(/^ Cannot create service default\/frontend-svc: user "[^"]+" is forbidden to create services \(403 Forbidden\)\./);
    expect((await runKubectl(kubectl, lab.kubeconfig, ['get', 'svc', 'frontend-svc'])).code).not.toBe(0);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('f forwards the target: its URL, counters moving while curl runs; f again stops it and frees the port', async () => {
    const s = open();
    await markTarget(s, 'practice-pod');
    const t0 = Date.now();
    s.keys('f');
    const up = await s.waitFor((x) => /\d+\.\d+\.\d+\.\d+:\d+ -> pod\/practice-pod:80 *│\n.*│ {2}active/.test(right(x)), 'the forward, active', 15_000);
    console.log(`f -> active on screen: ${Date.now() - t0} ms`);
    show('after f', up);
    const port = Number(/127\.0\.0\.1:(\d+) -> pod\/practice-pod:80/.exec(up)![1]);
    expect(up.split('\n')[0]).toMatch(/7 pods {2}1 forward /);
    const bytesIn = (x: string) => /active \d+ conn in ([\d.]+ [KMG]?B)/.exec(right(x))?.[1];
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const page = await curl(`http://127.0.0.1:${port}/`);
      expect(page.code).toBe('200');
      expect(page.body).toContain('<title>Welcome to nginx!</title>');
      const after = await s.waitFor((x) => bytesIn(x) !== undefined && bytesIn(x) !== seen.at(-1), `the counters after curl ${i + 1}`);
      seen.push(bytesIn(after)!);
    }
    console.log(`bytes in after each curl: ${seen.join(', ')}`);
    expect(new Set(seen).size).toBe(6);
    s.keys('f');
    const stopped = await s.waitFor((x) => right(x).includes('FORWARDS 0'), 'the forward gone');
    show('after f again', stopped);
    expect(stopped.split('\n')[0]).not.toContain('forward');
    expect(await portFree(port)).toBe(true);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('F with a chosen local port; s saves it and the next podnet on this context brings it back', async () => {
    const local = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    let s = open();
    await markTarget(s, 'practice-pod');
    s.keys('F');
    await s.waitFor((x) => footer(x).includes('forward pod/practice-pod'), 'the form');
    s.type(String(local));
    const form = await s.waitFor((x) => footer(x).includes(`local port ${local}`), 'the typed port');
    show('the F form', form);
    expect(footer(form)).toMatch(new RegExp(`forward pod/practice-pod {2}local port ${local} +remote port 80 {2}address 127\\.0\\.0\\.1`));
    s.keys('Enter');
    await s.waitFor((x) => right(x).includes(`127.0.0.1:${local} -> pod/practice-pod:80`), 'the forward on the chosen port', 15_000);
    expect((await curl(`http://127.0.0.1:${local}/`)).code).toBe('200');
    // In the services pane, G selects the last row: the newest forward.
    s.keys('Tab', 'Tab', 'G', 's');
    await s.waitFor((x) => right(x).includes('  saved'), 'saved');
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
    expect(await portFree(local)).toBe(true);
    s = open();
    const back = await s.waitFor((x) => footer(x).includes('restored 1 saved forward'), 'the saved forward back', 15_000);
    show('podnet again', back);
    expect(back.split('\n')[0]).toMatch(/1 forward /);
    expect((await curl(`http://127.0.0.1:${local}/`)).code).toBe('200');
    s.keys('Tab', 'Tab', 'G', 's');
    await s.waitFor((x) => footer(x).includes('No longer saved'), 'unsaved');
    s.keys('X');
    await s.waitFor((x) => right(x).includes('FORWARDS 0'), 'every forward stopped');
    expect(await portFree(local)).toBe(true);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
  });

  it('restart-pod: the forward follows the new pod, and curl through it works again', async () => {
    const s = open();
    await markTarget(s, 'practice-pod');
    s.keys('f');
    const up = await s.waitFor((x) => /-> pod\/practice-pod:80 *│\n.*│ {2}active/.test(right(x)), 'the forward, active', 15_000);
    const port = Number(/127\.0\.0\.1:(\d+) -> pod\/practice-pod:80/.exec(up)![1]);
    expect((await curl(`http://127.0.0.1:${port}/`)).code).toBe('200');
    const r = await lab.fault('restart-pod', 'practice-pod');
    expect(r.code).toBe(0);
    const t0 = Date.now();
    const [, , to] = /IP (\S+) -> (\S+)/.exec(r.stdout)!;
    const page = await poll('curl through the forward after the restart', async () => {
      const p = await curl(`http://127.0.0.1:${port}/`);
      return p.code === '200' && p.body;
    }, 20_000);
    console.log(`restart -> curl 200 through the forward: ${Date.now() - t0} ms`);
    expect(page).toContain('<title>Welcome to nginx!</title>');
    const after = await s.waitFor((x) => x.includes(`${to} (was`) && /-> pod\/practice-pod:80 *│\n.*│ {2}active/.test(right(x)), 'the new IP and the forward active', 15_000);
    show('after restart-pod and curl', after);
    s.keys('q');
    await s.waitFor((x) => x.includes('podnet-exit=0'), 'exit');
    expect(await portFree(port)).toBe(true);
  });
});
