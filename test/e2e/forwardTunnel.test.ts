// `podnet forward` multiplexes: every local connection of a forward is a pair of SPDY streams on
// ONE connection to the API server (kubectl 1.31+'s tunnel), not a WebSocket each. The lab runs
// in this process with the host double for pods (a pod's port P is a local server), and a plain
// TCP relay in front of its API server counts the connections podnet makes and the bytes each
// carries: TLS stays end to end, so the relay sees only how many connections and how much.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../src/lab/lab';
import { tutorialScenario } from '../../src/lab/scenarios/tutorial';
import { hostRuntime } from '../../src/lab/streams/hostRuntime';
import type { PodStreamRuntime } from '../../src/lab/streams/runtime';
import { createServer as createHttpServer } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { servePortForwardStreams } from '../../src/lab/streams/spdy/portForwardStreams';
import { socketTransport } from '../../src/spdy/transport';
import { forwardConnection } from '../../src/kube/portForward';
import { tunnelFor } from '../../src/kube/portForwardTunnel';
import { PODNET } from '../helpers/lab';
import { poll } from '../helpers/poll';

const MB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let lab: Lab;
let dir: string;
let echoServer: Server;
let relay: Relay;
let kubeconfig: string;
const ports = new Map<number, number>();
const children: ChildProcess[] = [];

interface RelayedConnection {
  up: number;
  down: number;
  sockets: Socket[];
}

interface Relay {
  port: number;
  connections: RelayedConnection[];
  /** Cuts every relayed connection, as a dropped network path would. */
  cutAll: () => void;
  close: () => Promise<void>;
}

/** A TCP relay to `target` that keeps, per connection, the bytes each way. */
async function startRelay(target: number): Promise<Relay> {
  const connections: RelayedConnection[] = [];
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    const c: RelayedConnection = { up: 0, down: 0, sockets: [client, upstream] };
    connections.push(c);
    client.on('data', (d: Buffer) => (c.up += d.length));
    upstream.on('data', (d: Buffer) => (c.down += d.length));
    client.pipe(upstream).on('error', () => client.destroy());
    upstream.pipe(client).on('error', () => upstream.destroy());
    client.on('error', () => upstream.destroy()).on('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy()).on('close', () => client.destroy());
  });
  const port = await listen(server);
  return {
    port, connections,
    cutAll: () => connections.forEach((c) => c.sockets.forEach((s) => s.resetAndDestroy())),
    close: () => new Promise((r) => {
      connections.forEach((c) => c.sockets.forEach((s) => s.destroy()));
      server.close(() => r());
    }),
  };
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  echoServer = createServer((s) => s.on('error', () => {}).pipe(s));
  ports.set(7000, await listen(echoServer));
  ports.set(5433, await freePort());
  const host = hostRuntime();
  const streamRuntime: PodStreamRuntime = { ...host, dial: (pod, port) => host.dial(pod, ports.get(port) ?? port) };
  dir = mkdtempSync(join(tmpdir(), 'podnet-tunnel-'));
  lab = new Lab({ scenario: tutorialScenario(new Date().toISOString().replace(/\.\d+Z$/, 'Z')), streamRuntime, dir: join(dir, 'lab') });
  await lab.start();
  const original = readFileSync(lab.kubeconfigPath, 'utf8');
  const apiPort = Number(/server: https:\/\/127\.0\.0\.1:(\d+)/.exec(original)![1]);
  relay = await startRelay(apiPort);
  kubeconfig = join(dir, 'kubeconfig-relayed');
  writeFileSync(kubeconfig, original.replace(`https://127.0.0.1:${apiPort}`, `https://127.0.0.1:${relay.port}`));
}, 90_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await relay?.close();
  await lab?.stop();
  echoServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `podnet forward ARGS` on the relayed kubeconfig; resolves with its local port once it says so. */
async function startForward(args: string[]): Promise<{ port: number; output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [PODNET, 'forward', ...args, '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const port = await poll('podnet forward to say where it listens', async () => {
    if (child.exitCode !== null) throw new Error(`podnet forward exited ${child.exitCode}: ${out}`);
    const m = /^Forwarding from 127\.0\.0\.1:(\d+)/m.exec(out);
    return m ? Number(m[1]) : undefined;
  }, 30_000);
  return { port, output: () => out, stop: () => (child.kill('SIGINT'), exited) };
}

/** Sends `payload` and resolves with what came back once as much has. */
function echo(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
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
    s.on('close', () => got < payload.length && reject(new Error(`closed after ${got} of ${payload.length} bytes`)));
    s.write(payload);
  });
}

/** Relayed connections that carried more than `bytes` each way. */
const heavy = (bytes: number) => relay.connections.filter((c) => c.up > bytes && c.down > bytes);

describe('podnet forward over one SPDY tunnel', () => {
  it('moves 1 MB both ways on each of 100 parallel connections, every byte intact, over ONE connection to the API server', async () => {
    const f = await startForward(['practice-pod', ':7000']);
    try {
      const before = relay.connections.length;
      const payloads = Array.from({ length: 100 }, () => randomBytes(MB));
      const results = await Promise.all(payloads.map((p) => echo(f.port, p)));
      results.forEach((r, i) => expect(sha(r)).toBe(sha(payloads[i]!)));
      // 200 MB went through the API server: all of it on one connection, opened before (by the start check).
      expect(heavy(MB)).toHaveLength(1);
      expect(heavy(MB)[0]!.up).toBeGreaterThan(100 * MB);
      expect(heavy(MB)[0]!.down).toBeGreaterThan(100 * MB);
      // At most a keep-alive GET's reconnect, not one connection per forwarded one.
      expect(relay.connections.length - before).toBeLessThanOrEqual(2);
    } finally {
      expect(await f.stop()).toBe(0);
    }
  }, 120_000);

  it('opens a new tunnel when the old one is lost, and says when nothing listens on the pod port', async () => {
    const f = await startForward(['practice-pod', ':7000']);
    try {
      const first = randomBytes(MB);
      expect(sha(await echo(f.port, first))).toBe(sha(first));
      const tunnels = heavy(MB / 2).length;
      relay.cutAll();
      // The next connections take a new tunnel (the watch and health checks reconnect on their own).
      const again = Array.from({ length: 10 }, () => randomBytes(MB));
      const results = await poll('the forward to carry connections again', async () => {
        try {
          return await Promise.all(again.map((p) => echo(f.port, p)));
        } catch {
          return undefined;
        }
      }, 30_000);
      results.forEach((r, i) => expect(sha(r)).toBe(sha(again[i]!)));
      expect(heavy(MB / 2).length).toBe(tunnels + 1);
    } finally {
      expect(await f.stop()).toBe(0);
    }
    // A port nobody listens on: the start check reads kubelet's sentence off the error stream.
    const r = spawn(process.execPath, [PODNET, 'forward', 'practice-pod', ':5433', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    r.stderr.on('data', (d) => (err += d));
    const code = await new Promise((ok) => r.on('exit', ok));
    expect(err).toMatch(/^podnet: Nothing listens on port 5433 of pod default\/practice-pod: connection refused; forward a port the pod serves\.\n/);
    expect(code).toBe(2);
  }, 120_000);
});

describe('a server without the WebSocket tunnel (kube-apiserver before 1.30)', () => {
  it('is reached by the plain SPDY upgrade instead, still one connection for every forwarded one', async () => {
    const upgrades: string[] = [];
    // As an older apiserver relays kubelet: x/net/websocket refuses the unknown subprotocol with a
    // bare 403; `Upgrade: SPDY/3.1` is kubelet's own port-forward.
    const server = createHttpServer();
    server.on('upgrade', (req, socket, head) => {
      upgrades.push(`${req.method} ${req.headers.upgrade} ${req.headers['sec-websocket-protocol'] ?? req.headers['x-stream-protocol-version']}`);
      if (req.headers.upgrade !== 'SPDY/3.1') return void socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n');
      servePortForwardStreams(socketTransport(socket, head), async (_port, client) => {
        client.pipe(client);
        await new Promise((r) => client.on('end', r));
        return undefined;
      });
    });
    const apiPort = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'old', server: `http://127.0.0.1:${apiPort}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'old', cluster: 'old', user: 'u' }],
      currentContext: 'old',
    });
    const local = createServer((socket) => void forwardConnection(kc, { namespace: 'default', pod: 'p', port: 7000 }, socket));
    const localPort = await listen(local);
    try {
      const payloads = Array.from({ length: 20 }, () => randomBytes(256 * 1024));
      const results = await Promise.all(payloads.map((p) => echo(localPort, p)));
      results.forEach((r, i) => expect(sha(r)).toBe(sha(payloads[i]!)));
      expect(upgrades).toEqual(['GET websocket SPDY/3.1+portforward.k8s.io', 'POST SPDY/3.1 portforward.k8s.io']);
      expect((await tunnelFor(kc, { namespace: 'default', pod: 'p' })).mode).toBe('spdy');
    } finally {
      (await tunnelFor(kc, { namespace: 'default', pod: 'p' })).close();
      local.close();
      server.closeAllConnections();
      server.close();
    }
  }, 60_000);
});
