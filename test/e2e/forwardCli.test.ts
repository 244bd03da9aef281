// `podnet forward` through the real binary against a real `podnet lab`, and the forward manager
// through its API on the same lab: pages and bytes arrive intact, the forward follows a restarted
// pod and a Service's endpoints, bad input is one sentence and exit 2 with nothing left listening.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { get as httpGet, request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PODNET, runPodnet, startLab, type RunningLab } from '../helpers/lab';
import { kubectlPath, runKubectl } from '../helpers/kubectl';
import { poll } from '../helpers/poll';
import { openSession } from '../../src/kube/session';
import { createForwardManager } from '../../src/forward/manager';
import type { ForwardView } from '../../src/forward/types';

const MB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const KUBECTL = kubectlPath('1.33');

let lab: RunningLab;
const children: ChildProcess[] = [];

beforeAll(async () => {
  lab = await startLab();
}, 90_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await lab?.stop();
});

const kubectl = (...args: string[]) => runKubectl(KUBECTL, lab.kubeconfig, args);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Whether something listens on 127.0.0.1:port (a connection is accepted). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

interface RunningForward {
  child: ChildProcess;
  output: () => string;
  stdout: () => string;
  /** Sends the signal; resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts `podnet forward ARGS --kubeconfig LAB` and waits for `lines` "Forwarding from" lines. */
async function startForward(args: string[], lines = 1): Promise<RunningForward> {
  const child = spawn(process.execPath, [PODNET, 'forward', ...args, '--kubeconfig', lab.kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let stdout = '';
  child.stdout!.on('data', (d) => ((out += d), (stdout += d)));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await poll(`${lines} "Forwarding from" line(s) from podnet forward ${args.join(' ')}`, async () => {
    if (child.exitCode !== null) throw new Error(`podnet forward exited ${child.exitCode}: ${out}`);
    return (stdout.match(/^Forwarding from /gm) ?? []).length >= lines;
  }, 30_000);
  return {
    child, output: () => out, stdout: () => stdout,
    stop: (signal = 'SIGINT') => {
      child.kill(signal);
      return exited;
    },
  };
}

function get(port: number, path = '/'): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path, agent: false, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** POSTs `payload` and resolves with the answer. */
function post(port: number, path: string, payload: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', agent: false, timeout: 60_000, headers: { 'Content-Length': payload.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('podnet forward', () => {
  it('forwards a local port to nginx in practice-pod, prints the URL, and ends cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const f = await startForward(['practice-pod', `${port}:80`]);
    expect(f.stdout()).toContain(`Forwarding from 127.0.0.1:${port} -> practice-pod:80  http://127.0.0.1:${port}\n`);
    const page = await get(port);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Welcome to nginx!</title>');
    expect(await f.stop('SIGINT')).toBe(0);
    expect(await listening(port)).toBe(false);
  }, 60_000);

  it('moves 1 MB both ways on each of 100 parallel connections, every byte intact', async () => {
    // The lab app echoes POST /echo (Node's HTTP server queues every connection, unlike busybox
    // nc's backlog of one); each connection carries its own random megabyte both ways.
    const f = await startForward(['backend', ':8080']);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(f.stdout())![1]);
    const payloads = Array.from({ length: 100 }, () => randomBytes(MB));
    const results = await Promise.all(payloads.map((p) => post(port, '/echo', p)));
    results.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(sha(r.body)).toBe(sha(payloads[i]!));
    });
    // And the lab app's /bytes/N download, through the same forward.
    const downloads = await Promise.all(Array.from({ length: 20 }, () => get(port, `/bytes/${MB}`)));
    for (const d of downloads) expect(sha(d.body)).toBe(sha(Buffer.alloc(MB)));
    expect(await f.stop('SIGTERM')).toBe(0);
    expect(await listening(port)).toBe(false);
  }, 180_000);

  it('follows practice-pod through a restart: the next GET succeeds without the user doing anything', async () => {
    const port = await freePort();
    const f = await startForward(['pod/practice-pod', `${port}:80`]);
    expect((await get(port)).status).toBe(200);
    const fault = await lab.fault('restart-pod', 'practice-pod');
    expect(fault.stderr).toBe('');
    expect(fault.code).toBe(0);
    const page = await get(port);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Welcome to nginx!');
    await poll('the forward to say it is forwarding again', () => /forwarding to pod default\/practice-pod \(10\.244\.\d+\.\d+\) port 80 again/.test(f.output()));
    expect(f.output()).toMatch(/127\.0\.0\.1:\d+: pod default\/practice-pod is (Terminating|gone|Pending); new connections wait for it or a pod with the same labels to be ready\./);
    expect(await f.stop()).toBe(0);
    expect(await listening(port)).toBe(false);
  }, 90_000);

  it('follows a Service to another ready endpoint when its endpoint pod is deleted', async () => {
    const manifest = join(lab.dir, 'fwdtest.yaml');
    const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {app: fwdtest}}\nspec: {containers: [{name: nginx, image: "nginx:1.25", ports: [{name: web, containerPort: 80}]}]}\n`;
    writeFileSync(manifest, [pod('fwdtest-a'), pod('fwdtest-b'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: fwdtest}\nspec: {selector: {app: fwdtest}, ports: [{name: http, port: 8000, targetPort: web}]}\n'].join('---\n'));
    expect((await kubectl('apply', '--validate=false', '-f', manifest)).code).toBe(0);
    await poll('both fwdtest pods ready endpoints', async () => {
      const r = await kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=fwdtest', '-o', 'jsonpath={.items[*].endpoints[*].conditions.ready}');
      return r.stdout.trim() === 'true true';
    }, 30_000);
    const port = await freePort();
    const f = await startForward(['svc/fwdtest', `${port}:http`]);
    const first = /-> svc\/fwdtest:8000 \(pod (fwdtest-[ab]):80\)/.exec(f.stdout())?.[1];
    expect(first).toBeDefined();
    expect((await get(port)).status).toBe(200);
    expect((await kubectl('delete', 'pod', first!, '--wait=false')).code).toBe(0);
    const other = first === 'fwdtest-a' ? 'fwdtest-b' : 'fwdtest-a';
    await poll('the forward to move', () => f.output().includes(`now forwarding to pod default/${other} (`), 30_000);
    const page = await get(port);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('Welcome to nginx!');
    expect(await f.stop()).toBe(0);
    await kubectl('delete', '-f', manifest, '--wait=false');
  }, 120_000);

  describe('bad input: one sentence, exit 2, nothing left listening', () => {
    const cases: [string, (port: number) => string[], RegExp][] = [
      ['a port the pod does not listen on', (p) => ['db', `${p}:5433`], /^podnet: Nothing listens on port 5433 of pod default\/db: connection refused; forward a port the pod serves\.\n/],
      ['a missing pod', (p) => ['no-such-pod', `${p}:80`], /^podnet: There is no pod "no-such-pod" in namespace "default"\.\n/],
      ['a missing Service', (p) => ['svc/no-such-svc', `${p}:80`], /^podnet: There is no Service "no-such-svc" in namespace "default"\.\n/],
      ['a Service port it does not have', (p) => ['svc/backend', `${p}:9999`], /^podnet: Service default\/backend has no TCP port 9999; its ports: 8080 \(http\)\.\n/],
      ['an unknown port name', (p) => ['practice-pod', `${p}:https`], /^podnet: The pod practice-pod has no port named "https"; its named ports: http \(80\)\.\n/],
      ['a forbidden forward', (p) => ['practice-pod', `${p}:80`, '--context', 'lab-readonly'], /^podnet: Cannot forward to pod default\/practice-pod: user "readonly" is forbidden to create pods\/portforward there \(403 Forbidden\)\.\n/],
      ['a bad port', () => ['practice-pod', '80:99999'], /^podnet: 99999 is out of range for a remote port: give a number from 1 to 65535\.\n/],
      ['a target kind it cannot forward to', (p) => ['deployment/web', `${p}:80`], /^podnet: "deployment\/web" is not a target podnet can forward to; give pod\/NAME, svc\/NAME or a pod's NAME\.\n/],
    ];
    it.each(cases)('%s', async (_what, args, sentence) => {
      const port = await freePort();
      const r = await runPodnet(['forward', ...args(port), '--kubeconfig', lab.kubeconfig]);
      expect(r.stderr).toMatch(sentence);
      expect(r.code).toBe(2);
      expect(r.stdout).not.toContain('Forwarding from');
      expect(await listening(port)).toBe(false);
    }, 30_000);

    it('a local port in use', async () => {
      const busy = createServer();
      await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
      const port = (busy.address() as { port: number }).port;
      try {
        const second = await freePort();
        const r = await runPodnet(['forward', 'practice-pod', `${second}:80,${port}:80`, '--kubeconfig', lab.kubeconfig]);
        expect(r.stderr).toMatch(new RegExp(`^podnet: Cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use; pick another local port \\(or :80 for any free one\\)\\.\\n`));
        expect(r.code).toBe(2);
        // The first mapping had started: it is closed again too.
        expect(await listening(second)).toBe(false);
      } finally {
        busy.close();
      }
    }, 30_000);
  });

  it('--help tells the usage, the port syntax and the exit codes', async () => {
    const r = await runPodnet(['forward', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: podnet forward TARGET [LOCAL:]REMOTE[,...] [--address 127.0.0.1] [-n NS]');
    expect(r.stdout).toContain('`:80` or `0:80` take any free port');
    expect(r.stdout).toContain('Exit codes: 0 after Ctrl-C or SIGTERM; 2 when the forward cannot start');
  });
});

describe('ForwardManager', () => {
  it('starts active, counts connections and bytes, and frees the port on stop', async () => {
    const session = openSession({ kubeconfig: lab.kubeconfig });
    const manager = createForwardManager(session, { notifyMs: 50 });
    const seen: ForwardView[][] = [];
    manager.subscribe((views) => seen.push(views));
    try {
      const starting = manager.start({ target: { kind: 'pod', namespace: 'default', name: 'backend' }, remotePort: 8080, localPort: 0, address: '127.0.0.1' });
      // Listed as starting before the port is bound and checked, so a screen can show it at once.
      await poll('the forward listed as starting', () => seen.some((views) => views[0]?.state === 'starting' && views[0].localPort === null));
      const view = await starting;
      expect(view).toMatchObject({ state: 'active', podPort: 8080, pod: { namespace: 'default', name: 'backend' }, connections: 0, bytesIn: 0, bytesOut: 0, message: null, saved: false });
      const port = view.localPort!;
      const held = connect(port, '127.0.0.1');
      await poll('one live connection, told to subscribers', () => seen.some((views) => views[0]?.connections === 1));
      held.destroy();
      const page = await get(port, `/bytes/${MB}`);
      expect(page.body.length).toBe(MB);
      const after = await poll('the counters', () => {
        const v = manager.list()[0]!;
        return v.bytesIn > MB && v.bytesOut > 0 && v.connections === 0 ? v : undefined;
      });
      expect(after.bytesIn).toBeLessThan(MB + 4096);
      // A missing pod is refused with one sentence and leaves nothing behind.
      await expect(manager.start({ target: { kind: 'pod', namespace: 'default', name: 'nope' }, remotePort: 80, localPort: 0, address: '127.0.0.1' }))
        .rejects.toThrow('There is no pod "nope" in namespace "default".');
      expect(manager.list()).toHaveLength(1);
      await manager.stop(view.id);
      expect(manager.list()).toEqual([]);
      expect(seen.at(-1)).toEqual([]);
      expect(await listening(port)).toBe(false);
    } finally {
      await manager.stopAll();
    }
  }, 60_000);
});
