// Port-forward figures (JSON on stdout), against a real `podnet lab` (root), all to the backend
// pod's HTTP server (the lab app, /bytes/N and /health):
//  - download throughput (MB/s, one large GET) and connection rate (conn/s, sequential small GETs,
//    a new TCP connection each) through `podnet forward`, through kubectl 1.33 `port-forward` on the
//    same pod, and directly to the pod's IP from its node's network namespace (no forward at all);
//  - ms from `podnet lab fault restart-pod practice-pod` being issued to a GET through a running
//    `podnet forward practice-pod` answering 200 again (kubectl's forward ends on a restart).
// Each figure is the best of RUNS, so that a neighbour's burst on the shared cores counts less.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { startLab, type BenchLab } from './support/lab.js';
import { get as httpGet } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const PODNET = resolve('dist/podnet.js');
const KUBECTL = resolve('.tools/kubectl-1.33/kubectl');
const MB = 1024 * 1024;
const SIZE_MB = 256;
const CONNS = 200;
const RUNS = 3;
const round = (n: number) => Math.round(n * 100) / 100;
const run = promisify(execFile);



/** Starts a forwarding command and resolves with its local port once it prints `Forwarding from 127.0.0.1:PORT`. */
function startForward(cmd: string, args: string[]): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const check = (d: Buffer) => {
      out += d;
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) ok({ port: Number(m[1]), child });
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', (c) => fail(new Error(`${cmd} exited ${c}: ${out}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGINT');
  });
}

function getOnce(host: string, port: number, path: string): Promise<{ status: number; bytes: number }> {
  return new Promise((ok, fail) => {
    httpGet({ host, port, path, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => ok({ status: res.statusCode ?? 0, bytes }));
      res.on('error', fail);
    }).on('error', fail);
  });
}

// The same two measurements, as source text, for a node run inside the node's namespace.
const CLIENT = `
const http = require('node:http');
const [host, port, size, conns] = process.argv.slice(1);
const get = (path) => new Promise((ok, fail) => http.get({ host, port: Number(port), path, agent: false }, (res) => {
  let bytes = 0; res.on('data', (d) => (bytes += d.length)); res.on('end', () => ok(bytes)); res.on('error', fail);
}).on('error', fail));
(async () => {
  let t0 = performance.now();
  const bytes = await get('/bytes/' + size);
  if (bytes !== Number(size)) throw new Error('short body: ' + bytes);
  const mbps = bytes / ${MB} / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (let i = 0; i < Number(conns); i++) await get('/health');
  const connps = Number(conns) / ((performance.now() - t0) / 1000);
  console.log(JSON.stringify({ mbps, connps }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

async function measure(host: string, port: number): Promise<{ mbps: number; connps: number }> {
  let t0 = performance.now();
  const r = await getOnce(host, port, `/bytes/${SIZE_MB * MB}`);
  if (r.bytes !== SIZE_MB * MB) throw new Error(`got ${r.bytes} of ${SIZE_MB * MB} bytes`);
  const mbps = SIZE_MB / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (let i = 0; i < CONNS; i++) {
    const h = await getOnce(host, port, '/health');
    if (h.status !== 200) throw new Error(`GET /health answered ${h.status}`);
  }
  return { mbps, connps: CONNS / ((performance.now() - t0) / 1000) };
}

async function best(runs: () => Promise<{ mbps: number; connps: number }>): Promise<{ mbps: number; connps: number }> {
  const all = [];
  for (let i = 0; i < RUNS; i++) all.push(await runs());
  return { mbps: Math.max(...all.map((a) => a.mbps)), connps: Math.max(...all.map((a) => a.connps)) };
}

async function restartMs(lab: BenchLab): Promise<number[]> {
  const fwd = await startForward(process.execPath, [PODNET, 'forward', 'practice-pod', ':80', '--kubeconfig', lab.kubeconfig]);
  const times: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      if ((await getOnce('127.0.0.1', fwd.port, '/')).status !== 200) throw new Error('the forward does not answer before the restart');
      const t0 = performance.now();
      await run(process.execPath, [PODNET, 'lab', 'fault', 'restart-pod', 'practice-pod', '--kubeconfig', lab.kubeconfig]);
      // Each GET waits inside the forward until the new pod is there; retry only on a failure.
      for (;;) {
        const r = await getOnce('127.0.0.1', fwd.port, '/').catch(() => ({ status: 0, bytes: 0 }));
        if (r.status === 200) break;
        if (performance.now() - t0 > 60_000) throw new Error('the forward did not come back within 60 s');
        await new Promise((res) => setTimeout(res, 20));
      }
      times.push(round(performance.now() - t0));
    }
  } finally {
    await stopChild(fwd.child);
  }
  return times;
}

const lab = await startLab();
try {
  const kubeconfig = lab.kubeconfig;
  const pod = JSON.parse((await run(KUBECTL, ['--kubeconfig', kubeconfig, 'get', 'pod', 'backend', '-o', 'json'])).stdout) as { status: { podIP: string }; spec: { nodeName: string } };

  const podnet = await startForward(process.execPath, [PODNET, 'forward', 'backend', ':8080', '--kubeconfig', kubeconfig]);
  const viaPodnet = await best(() => measure('127.0.0.1', podnet.port));
  await stopChild(podnet.child);

  const kubectl = await startForward(KUBECTL, ['--kubeconfig', kubeconfig, 'port-forward', 'pod/backend', ':8080']);
  const viaKubectl = await best(() => measure('127.0.0.1', kubectl.port));
  await stopChild(kubectl.child);

  const nodeNs = `podnet-${lab.pid}-node-${pod.spec.nodeName}`;
  const direct = await best(async () => JSON.parse((await run('ip', ['netns', 'exec', nodeNs, process.execPath, '-e', CLIENT, pod.status.podIP, '8080', String(SIZE_MB * MB), String(CONNS)])).stdout));

  const restart = await restartMs(lab);
  console.log(JSON.stringify({
    target: `pod/backend:8080 (lab app), best of ${RUNS}`,
    downloadMBps: {
      payloadMB: SIZE_MB, podnetForward: round(viaPodnet.mbps), kubectl133PortForward: round(viaKubectl.mbps), directFromNodeNamespace: round(direct.mbps),
      podnetVsKubectl: round(viaPodnet.mbps / viaKubectl.mbps),
    },
    connectionsPerSecond: {
      sequentialGets: CONNS, podnetForward: round(viaPodnet.connps), kubectl133PortForward: round(viaKubectl.connps), directFromNodeNamespace: round(direct.connps),
      podnetVsKubectl: round(viaPodnet.connps / viaKubectl.connps),
    },
    restartPodToForwardWorkingMs: { runs: restart, median: [...restart].sort((a, b) => a - b)[Math.floor(restart.length / 2)] },
  }, null, 2));
} finally {
  await lab.stop();
}
