// pods/portforward end to end, through the clients podnet and its users have: client-node 1.4's
// PortForward (kubelet's v4 WebSocket channels), kubectl 1.33 (SPDY tunnelled in a WebSocket) and
// kubectl 1.20 (plain SPDY). The pod side is the host double: a pod's port P is a local server.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import WebSocket from 'ws';
import { load } from 'js-yaml';
import { Lab } from '../../src/lab/lab';
import { tutorialScenario } from '../../src/lab/scenarios/tutorial';
import { hostRuntime } from '../../src/lab/streams/hostRuntime';
import type { PodStreamRuntime } from '../../src/lab/streams/runtime';
import { kubectlPath, type KubectlVersion } from '../helpers/kubectl';

const MB = 1024 * 1024;
const PAGE = '<html><head><title>Welcome to nginx!</title></head><body>lab</body></html>\n';
const BIG = randomBytes(MB);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let lab: Lab;
let dir: string;
let kc: k8s.KubeConfig;
let httpServer: HttpServer;
let echoServer: Server;
/** Pod port -> host port: 80 is an HTTP server, 7000 echoes, 5433 has nobody listening. */
const ports = new Map<number, number>();
const children: ChildProcess[] = [];

beforeAll(async () => {
  httpServer = createHttpServer((req, res) => {
    if (req.url === '/big') return res.end(BIG);
    if (req.method === 'POST') {
      const hash = createHash('sha256');
      req.on('data', (d: Buffer) => hash.update(d)).on('end', () => res.end(hash.digest('hex')));
      return;
    }
    res.setHeader('Content-Type', 'text/html');
    res.end(PAGE);
  });
  echoServer = createServer((s) => s.on('error', () => {}).pipe(s));
  ports.set(80, await listen(httpServer));
  ports.set(7000, await listen(echoServer));
  ports.set(5433, await freePort());
  const host = hostRuntime();
  const streamRuntime: PodStreamRuntime = { ...host, dial: (pod, port) => host.dial(pod, ports.get(port) ?? port) };
  dir = mkdtempSync(join(tmpdir(), 'podnet-pf-'));
  lab = new Lab({ scenario: tutorialScenario(new Date().toISOString().replace(/\.\d+Z$/, 'Z')), streamRuntime, dir: join(dir, 'lab') });
  await lab.start();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(lab.kubeconfigPath);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await lab?.stop();
  httpServer?.close();
  echoServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

function listen(server: Server | HttpServer, port = 0): Promise<number> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

// ---------------------------------------------------------------------------------------------
// kubectl, spawned and left running, as a user runs `kubectl port-forward`.

interface RunningKubectl {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function spawnKubectl(version: KubectlVersion, args: string[]): RunningKubectl {
  const home = mkdtempSync(join(tmpdir(), 'podnet-kubectl-home-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KUBE')));
  const child = spawn(kubectlPath(version), [`--kubeconfig=${lab.kubeconfigPath}`, ...args], { cwd: home, env: { ...env, HOME: home } });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => {
    rmSync(home, { recursive: true, force: true });
    r(code);
  }));
  return { child, output: () => out, exited };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One HTTP/1.0 exchange over a fresh TCP connection; resolves with the raw response. */
function httpOnce(port: number, request: string, body?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    s.on('data', (d) => chunks.push(d)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    s.write(request);
    if (body) s.write(body);
  });
}

const bodyOf = (response: Buffer) => response.subarray(response.indexOf('\r\n\r\n') + 4);

describe.each(['1.33', '1.20'] as const)('kubectl %s port-forward', (version) => {
  it('forwards HTTP and a 1 MB transfer both ways to the pod port', async () => {
    const local = await freePort();
    const k = spawnKubectl(version, ['port-forward', 'pod/practice-pod', `${local}:80`]);
    await waitFor('Forwarding from', () => k.output().includes(`Forwarding from 127.0.0.1:${local} -> 80`));
    const page = await httpOnce(local, 'GET / HTTP/1.0\r\nHost: x\r\n\r\n');
    expect(page.toString()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(bodyOf(page).toString()).toBe(PAGE);
    const big = await httpOnce(local, 'GET /big HTTP/1.0\r\nHost: x\r\n\r\n');
    expect(sha(bodyOf(big))).toBe(sha(BIG));
    const up = await httpOnce(local, `POST /up HTTP/1.0\r\nHost: x\r\nContent-Length: ${MB}\r\n\r\n`, BIG);
    expect(bodyOf(up).toString()).toBe(sha(BIG));
    expect(k.child.exitCode).toBeNull();
    k.child.kill('SIGINT');
    await k.exited;
  });
});
