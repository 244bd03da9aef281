// pods/portforward end to end, through the clients podnet and its users have: client-node 1.4's
// PortForward (kubelet's v4 WebSocket channels), kubectl 1.33 (SPDY tunnelled in a WebSocket) and
// kubectl 1.20 (plain SPDY). The pod side is the host double: a pod's port P is a local server.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import WebSocket from 'ws';
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

/** Connections the echo "pod" still has open: each forwarded one must be closed once its client is gone. */
function podConnections(): Promise<number> {
  return new Promise((resolve) => echoServer.getConnections((_e, n) => resolve(n)));
}

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

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
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

// ---------------------------------------------------------------------------------------------
// client-node, the way podnet uses it: one local listener, one PortForward WebSocket per connection.

interface LocalForward {
  port: number;
  sockets: Set<Socket>;
  close: () => Promise<void>;
}

async function clientNodeForward(remotePort: number): Promise<LocalForward> {
  const forward = new k8s.PortForward(kc);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {}).on('close', () => sockets.delete(socket));
    forward.portForward('default', 'practice-pod', [remotePort], socket, null, socket).then((opened) => {
      const ws = opened as unknown as WebSocket;
      // client-node ends neither side on its own: close each when the other goes.
      ws.on('close', () => socket.end());
      socket.on('close', () => ws.close());
    }, () => socket.destroy());
  });
  const port = await listen(server);
  return { port, sockets, close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) };
}

/** Sends `payload` to the echo port and resolves with what came back, once as much has. */
function echo(port: number, payload: Buffer, onSocket?: (s: Socket) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    onSocket?.(s);
    const chunks: Buffer[] = [];
    let got = 0;
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got >= payload.length) {
        s.end();
        resolve(Buffer.concat(chunks));
      }
    });
    s.on('error', reject);
    s.on('close', () => got < payload.length && reject(new Error(`connection closed after ${got} of ${payload.length} bytes`)));
    s.write(payload);
  });
}

/** A raw WebSocket to practice-pod's portforward, as the admin, for what client-node never sends. */
async function rawWebSocket(query: string, protocols: string[]): Promise<WebSocket> {
  const opts: { ca?: Buffer; headers?: Record<string, string> } = {};
  await kc.applyToHTTPSOptions(opts as never);
  const url = `${kc.getCurrentCluster()!.server.replace(/^https/, 'wss')}/api/v1/namespaces/default/pods/practice-pod/portforward${query}`;
  return new WebSocket(url, protocols, opts);
}

/** The answer to an upgrade that is refused. */
async function refusal(query: string, protocols: string[] = ['v4.channel.k8s.io']): Promise<{ status: number; body: string; type?: string }> {
  const ws = await rawWebSocket(query, protocols);
  return new Promise((resolve, reject) => {
    ws.on('open', () => reject(new Error('upgraded')));
    ws.on('error', () => {});
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
    });
  });
}

describe('client-node PortForward (kubelet v4 channels)', () => {
  it('moves 1 MB both ways on each of 100 parallel connections, every byte intact', async () => {
    const fwd = await clientNodeForward(7000);
    try {
      const payloads = Array.from({ length: 100 }, () => randomBytes(MB));
      const results = await Promise.all(payloads.map((p) => echo(fwd.port, p)));
      results.forEach((r, i) => expect(sha(r)).toBe(sha(payloads[i]!)));
    } finally {
      await fwd.close();
    }
  }, 120_000);

  it('survives one connection being reset mid-transfer: the others and new ones still work', async () => {
    const fwd = await clientNodeForward(7000);
    try {
      const payloads = Array.from({ length: 5 }, () => randomBytes(4 * MB));
      let victim: Socket | undefined;
      const doomed = echo(fwd.port, randomBytes(8 * MB), (s) => (victim = s)).then(() => 'finished', () => 'reset');
      const others = payloads.map((p) => echo(fwd.port, p));
      await new Promise((r) => setTimeout(r, 50));
      victim!.resetAndDestroy();
      expect(await doomed).toBe('reset');
      (await Promise.all(others)).forEach((r, i) => expect(sha(r)).toBe(sha(payloads[i]!)));
      const again = randomBytes(MB);
      expect(sha(await echo(fwd.port, again))).toBe(sha(again));
    } finally {
      await fwd.close();
    }
    // containerd gives the other direction a second after one ends, then closes the pod side.
    await waitFor('the pod side to be closed', async () => (await podConnections()) === 0, 5000);
  }, 60_000);

  it('puts kubelet\'s connection-refused sentence on the error channel, then closes', async () => {
    const errors: Buffer[] = [];
    const err = new Writable({ write: (c, _e, cb) => { errors.push(c); cb(); } });
    const ws = (await new k8s.PortForward(kc).portForward('default', 'practice-pod', [5433], new PassThrough(), err, new PassThrough())) as unknown as WebSocket;
    await new Promise((r) => ws.on('close', r));
    const text = Buffer.concat(errors).toString();
    expect(text).toMatch(/^error forwarding port 5433 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace "\/var\/run\/netns\/cni-[0-9a-f-]{36}": failed to connect to localhost:5433 inside namespace "[0-9a-f]{64}", IPv4: dial tcp4 127\.0\.0\.1:5433: connect: connection refused IPv6 dial tcp6 \[::1\]:5433: connect: connection refused $/);
  });

  it('answers bad `ports` as kubelet does, and refuses an unknown subprotocol', async () => {
    expect(await refusal('')).toEqual({ status: 400, body: 'query parameter "ports" is required', type: 'text/plain; charset=utf-8' });
    expect((await refusal('?ports=')).body).toBe('query parameter "ports" cannot be empty');
    expect((await refusal('?ports=http')).body).toBe('unable to parse "http" as a port: strconv.ParseUint: parsing "http": invalid syntax');
    expect((await refusal('?ports=80,70000')).body).toBe('unable to parse "80,70000" as a port: strconv.ParseUint: parsing "70000": value out of range');
    expect((await refusal('?ports=0')).body).toBe('port "0" must be > 0');
    expect((await refusal('?ports=80', ['v5.channel.k8s.io'])).status).toBe(403);
  });

  it('serves several ports on one WebSocket, each on its own channel pair', async () => {
    const ws = await rawWebSocket('?ports=80,7000', ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    const messages: Buffer[] = [];
    ws.on('message', (m: Buffer) => messages.push(m));
    await new Promise((r) => ws.on('open', r));
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    ws.send(Buffer.from('\x02hello', 'latin1'));
    await waitFor('the echo', () => messages.some((m) => m[0] === 2 && m.subarray(1).toString() === 'hello'));
    // The first message on each channel is its port, little-endian.
    expect(messages.slice(0, 4).map((m) => m.toString('hex'))).toEqual(['005000', '015000', '02581b', '03581b']);
    ws.close();
  });

  it('is Forbidden to the read-only user', async () => {
    const ro = new k8s.KubeConfig();
    ro.loadFromFile(lab.kubeconfigPath);
    ro.setCurrentContext('lab-readonly');
    await expect(new k8s.PortForward(ro).portForward('default', 'practice-pod', [80], process.stdout, null, process.stdin))
      .rejects.toThrow(/403/);
  });
});

describe.each(['1.33', '1.20'] as const)('kubectl %s port-forward', (version) => {
  it('forwards HTTP and a 1 MB transfer both ways to the pod port', async () => {
    const local = await freePort();
    // -v=4 shows whether 1.33 went through the WebSocket tunnel or fell back to plain SPDY.
    const k = spawnKubectl(version, ['-v=4', 'port-forward', 'pod/practice-pod', `${local}:80`]);
    await waitFor('Forwarding from', () => k.output().includes(`Forwarding from 127.0.0.1:${local} -> 80`));
    const page = await httpOnce(local, 'GET / HTTP/1.0\r\nHost: x\r\n\r\n');
    expect(page.toString()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(bodyOf(page).toString()).toBe(PAGE);
    const big = await httpOnce(local, 'GET /big HTTP/1.0\r\nHost: x\r\n\r\n');
    expect(sha(bodyOf(big))).toBe(sha(BIG));
    const up = await httpOnce(local, `POST /up HTTP/1.0\r\nHost: x\r\nContent-Length: ${MB}\r\n\r\n`, BIG);
    expect(bodyOf(up).toString()).toBe(sha(BIG));
    expect(k.child.exitCode).toBeNull();
    if (version === '1.33') {
      expect(k.output()).toContain('negotiated protocol: portforward.k8s.io');
      expect(k.output()).not.toContain('fallback to secondary dialer');
    }
    k.child.kill('SIGINT');
    await k.exited;
  });

  // kubelet marks this error closeConnection; 1.33 then drops the whole forward, 1.20 carries on.
  it('reports a refused pod port as kubelet words it', async () => {
    const local = await freePort();
    const k = spawnKubectl(version, ['port-forward', 'pod/db', `${local}:5433`]);
    await waitFor('Forwarding from', () => k.output().includes(`Forwarding from 127.0.0.1:${local} -> 5433`));
    await httpOnce(local, 'GET / HTTP/1.0\r\n\r\n').catch(() => Buffer.alloc(0));
    await waitFor('the error', () => k.output().includes('failed to connect to localhost:5433 inside namespace'));
    expect(k.output()).toMatch(/an error occurred forwarding \d+ -> 5433: \{"closeConnection":true,"message":"error forwarding port 5433 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[-0-9a-f]{36}\\": failed to connect to localhost:5433 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:5433: connect: connection refused IPv6 dial tcp6 \[::1\]:5433: connect: connection refused "\}/);
    if (version === '1.33') {
      expect(await k.exited).toBe(1);
      expect(k.output()).toContain('error: lost connection to pod');
    } else {
      await new Promise((r) => setTimeout(r, 500));
      expect(k.child.exitCode).toBeNull();
      k.child.kill('SIGINT');
      await k.exited;
    }
  });

  it('is Forbidden to the read-only user', async () => {
    const k = spawnKubectl(version, ['--context=lab-readonly', 'port-forward', 'pod/practice-pod', `${await freePort()}:80`]);
    expect(await k.exited).toBe(1);
    expect(k.output()).toContain('pods "practice-pod" is forbidden: User "readonly" cannot create resource "pods/portforward" in API group "" in the namespace "default"');
  });
});
