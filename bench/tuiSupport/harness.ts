// Shared by the tui benches: a lab in its own process, the real binary in a pseudo-terminal
// (util-linux `script`, so every byte podnet writes is counted and timed), and the lab's API
// for the changes the benches make (pod status patches, as a kubelet would send them).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, type RequestOptions, Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';

export const PODNET = resolve('dist/podnet.js');
export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Lab { kubeconfig: string; stop: () => Promise<void> }

export async function startLab(args: string[]): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'podnet-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(process.execPath, [PODNET, 'lab', '--kubeconfig-out', kubeconfig, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('lab ready:')) ok();
    });
    child.on('exit', (c) => fail(new Error(`lab exited ${c}`)));
  });
  return {
    kubeconfig,
    stop: () => new Promise((ok) => {
      child.once('exit', () => {
        rmSync(dir, { recursive: true, force: true });
        ok();
      });
      child.kill('SIGTERM');
    }),
  };
}

export interface Tui {
  /** Everything written so far, escape sequences included. */
  output: () => string;
  /** [ms since start, bytes] per chunk written. */
  chunks: { at: number; bytes: number }[];
  startedAt: number;
  pid: () => number | undefined;
  press: (keys: string) => void;
  /** Resolves with the time (performance.now()) at which the output after `from` matches. */
  waitFor: (test: (text: string) => boolean, timeoutMs?: number, from?: number) => Promise<number>;
  stop: () => Promise<number | null>;
}

export function startTui(args: string[], size = { cols: 120, rows: 36 }): Tui {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI; // Ink draws no live frames when CI is set
  const cmd = `stty rows ${size.rows} cols ${size.cols}; exec ${process.execPath} ${PODNET} ${args.map((a) => `'${a}'`).join(' ')}`;
  const startedAt = performance.now();
  const child: ChildProcess = spawn('script', ['-qfec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  let text = '';
  const chunks: { at: number; bytes: number }[] = [];
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    chunks.push({ at: performance.now() - startedAt, bytes: d.length });
    text += d.toString('utf8');
    for (const w of [...waiters]) w();
  });
  const waitFor = (test: (t: string) => boolean, timeoutMs = 30_000, from = 0) => new Promise<number>((ok, fail) => {
    const check = () => {
      if (test(text.slice(from))) {
        waiters.delete(check);
        clearTimeout(timer);
        ok(performance.now());
      }
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      fail(new Error(`timed out; last output: ${JSON.stringify(text.slice(-400))}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
  const pid = () => {
    try {
      const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/);
      return kids[0] ? Number(kids[0]) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    output: () => text, chunks, startedAt, pid, waitFor,
    press: (keys) => child.stdin!.write(keys),
    stop: () => new Promise((ok) => {
      if (child.exitCode !== null) return ok(child.exitCode);
      child.once('exit', (c) => ok(c));
      child.stdin!.write('q');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
export function memoryMB(pid: number | undefined): { rss: number; peak: number } {
  if (!pid) return { rss: NaN, peak: NaN };
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN);
  return { rss: round(kb('VmRSS') / 1024), peak: round(kb('VmHWM') / 1024) };
}

/** CPU seconds (user + system) a process used so far. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** A client for the lab's API as admin: PATCH a pod's status (restart count) like a kubelet. */
export function labClient(kubeconfig: string) {
  const doc = load(readFileSync(kubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
  };
  const server = new URL(doc.clusters[0]!.cluster.server);
  const base: RequestOptions = {
    host: server.hostname, port: server.port, agent: new Agent({ keepAlive: true, maxSockets: 64 }),
    ca: Buffer.from(doc.clusters[0]!.cluster['certificate-authority-data'], 'base64'),
    headers: { Authorization: `Bearer ${doc.users.find((u) => u.name === 'admin')!.user.token}` },
  };
  const patch = (path: string, body: unknown) => new Promise<number>((ok, fail) => {
    const req = request({ ...base, method: 'PATCH', path, headers: { ...base.headers, 'Content-Type': 'application/merge-patch+json' } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
  const restarts = (namespace: string, name: string, count: number) => patch(`/api/v1/namespaces/${namespace}/pods/${name}/status`, {
    status: {
      containerStatuses: [{
        name: 'app', ready: true, started: true, restartCount: count, state: { running: { startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } },
        lastState: {}, image: 'docker.io/podnet/lab-app:1.0', imageID: 'docker.io/podnet/lab-app@sha256:0', containerID: 'containerd://0',
      }],
    },
  });
  return { restarts };
}

/** Scale-scenario pod i: name and namespace as the lab makes them. */
export const scalePod = (i: number) => ({ namespace: `scale-${String(i % 10).padStart(2, '0')}`, name: `pod-${String(i).padStart(5, '0')}` });
