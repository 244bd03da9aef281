// pods/portforward as a cluster serves it, once the API server has authorized the upgrade:
//  - a WebSocket offering a `SPDY/3.1+...k8s.io` subprotocol (kubectl 1.31+) is the apiserver's
//    tunnel (k8s.io/apiserver/pkg/util/proxy/streamtunnel.go): SPDY inside binary messages;
//  - any other WebSocket (client-node) is kubelet's v4 channel protocol (portforward/websocket.go);
//  - `Upgrade: SPDY/3.1` (kubectl before 1.31) is kubelet's SPDY handler (portforward/httpstream.go).
// Behind all three, each connection is forwarded as containerd's CRI plugin does it
// (sandbox_portforward_linux.go), with its error wording.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { StreamRequest } from '../api/context.js';
import type { KubeObject } from '../store/kubeObject.js';
import type { PodStreamRuntime } from './runtime.js';
import { parsePort, type ForwardFailure, type ForwardOne } from './spdy/portForwardStreams.js';
import { webSocketTransport, type SpdyTransport } from '../../spdy/transport.js';
import { headerList, isTunnelRequest, reply, serveSpdyUpgrade, serveTunnel, upgradeWebSocket } from './spdy/upgrade.js';

// kubelet also speaks v4.base64.channel.k8s.io; no port-forward client uses it, so it is left out.
const V4_PROTOCOLS = ['', 'v4.channel.k8s.io'];

export function handlePortForward(s: StreamRequest, runtime: PodStreamRuntime): void {
  const forward: ForwardOne = (port, client) => forwardToPod(runtime, s.pod, port, client);
  try {
    if (isWebSocket(s.req)) {
      const offered = headerList(s.req, 'sec-websocket-protocol');
      if (isTunnelRequest(offered)) return serveTunnel(s, offered, forward);
      return webSocketV4(s, offered, forward);
    }
    return serveSpdyUpgrade(s, forward);
  } catch {
    s.socket.destroy();
  }
}

function webSocketV4(s: StreamRequest, offered: string[], forward: ForwardOne): void {
  const ports: number[] = [];
  const values = s.query.getAll('ports');
  // kubelet's NewV4Options; go-restful writes the error bare, as text/plain.
  if (!values.length) return reply(s.socket, 400, 'query parameter "ports" is required', {});
  for (const value of values) {
    if (!value) return reply(s.socket, 400, 'query parameter "ports" cannot be empty', {});
    for (const part of value.split(',')) {
      const port = parsePort(part);
      if (typeof port === 'string') return reply(s.socket, 400, port.replace(JSON.stringify(part), JSON.stringify(value)), {});
      ports.push(port);
    }
  }
  const protocol = (offered.length ? offered : ['']).find((p) => V4_PROTOCOLS.includes(p));
  // x/net/websocket answers a refused subprotocol with a bare 403.
  if (protocol === undefined) return void s.socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  upgradeWebSocket(s, protocol, (ws) => void serveChannels(ws, ports, forward));
}

/** Data on channel 2i and errors on 2i+1 for the i-th port; each starts with the port, little-endian. */
async function serveChannels(ws: WebSocket, ports: number[], forward: ForwardOne): Promise<void> {
  const out = webSocketTransport(ws);
  const frame = (channel: number, data: Buffer) => Buffer.concat([Buffer.of(channel), data]);
  const channels = ports.map((port, i) => {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    out.write(frame(2 * i, portBytes));
    out.write(frame(2 * i + 1, portBytes));
    return new ChannelStream(out, (data) => out.write(frame(2 * i, data)));
  });
  ws.on('message', (data: Buffer) => {
    // Writes to an error channel or past the last one are dropped, as wsstream does.
    if (data.length && data[0]! % 2 === 0) channels[data[0]! / 2]?.deliver(data.subarray(1));
  });
  ws.on('close', () => channels.forEach((c) => c.destroy()));
  ws.on('error', () => ws.terminate());
  await Promise.all(ports.map(async (port, i) => {
    const failure = await forward(port, channels[i]!);
    if (failure) out.write(frame(2 * i + 1, Buffer.from(failure.message)));
  }));
  out.close();
}

/** One port's data channel of a v4 WebSocket. The protocol has no half-close: end() sends nothing. */
class ChannelStream extends Duplex {
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly out: SpdyTransport, private readonly send: (data: Buffer) => boolean) {
    super({ allowHalfOpen: true });
    out.onDrain(() => this.waiting.splice(0).forEach((go) => go()));
    this.on('error', () => {});
  }

  deliver(data: Buffer): void {
    if (!this.push(data)) this.out.pause();
  }

  override _read(): void {
    this.out.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    if (this.send(chunk)) done();
    else this.waiting.push(done);
  }
}

/** containerd's portForward: dial the pod's localhost, copy both ways, then close. */
async function forwardToPod(runtime: PodStreamRuntime, pod: KubeObject, port: number, client: Duplex): Promise<ForwardFailure | undefined> {
  const { sandbox, netns } = sandboxOf(pod);
  const failure = (detail: string, closeConnection: boolean): ForwardFailure => ({
    message: `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace ${JSON.stringify(netns)}: ${detail}`,
    closeConnection,
  });
  let conn: Duplex;
  try {
    conn = await runtime.dial(pod, port);
  } catch (e) {
    const why = errnoText(e as NodeJS.ErrnoException);
    return failure(`failed to connect to localhost:${port} inside namespace ${JSON.stringify(sandbox)}, ` +
      `IPv4: dial tcp4 127.0.0.1:${port}: connect: ${why} IPv6 dial tcp6 [::1]:${port}: connect: ${why} `, true);
  }
  const err = await pipeBoth(conn, client);
  if (!err) return undefined;
  const op = err.syscall === 'write' ? 'write' : 'read';
  const local = (conn as { localPort?: number }).localPort ?? 0;
  return failure(`${op} tcp4 127.0.0.1:${local}->127.0.0.1:${port}: ${op}: ${errnoText(err)}`, err.code !== 'EPIPE' && err.code !== 'ECONNRESET');
}

// When one direction ends, containerd gives the other one second, then closes the connection;
// it never half-closes the pod's socket when the client stops sending.
function pipeBoth(pod: Duplex, client: Duplex): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    let failed: NodeJS.ErrnoException | undefined;
    let open = 2;
    let grace: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(grace);
      pod.unpipe(client);
      client.unpipe(pod);
      if (!pod.destroyed) pod.once('finish', () => pod.destroy()).end();
      setTimeout(() => pod.destroy(), 1000).unref();
      resolve(failed);
    };
    const side = (stream: Duplex, keepError: boolean) => {
      let done = false;
      const end = (e?: NodeJS.ErrnoException) => {
        if (done) return;
        done = true;
        if (e && keepError && !failed) failed = e;
        if (--open === 0) finish();
        else grace = setTimeout(finish, 1000);
      };
      stream.on('end', () => end()).on('close', () => end()).on('error', (e) => end(e));
      if (stream.destroyed) end(); // the client left while the pod was being dialled
    };
    side(pod, true);
    side(client, false);
    pod.pipe(client, { end: false });
    client.pipe(pod, { end: false });
  });
}

const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset by peer', EPIPE: 'broken pipe',
  ETIMEDOUT: 'connection timed out', EHOSTUNREACH: 'no route to host', ENETUNREACH: 'network is unreachable',
};
const errnoText = (e: NodeJS.ErrnoException) => ERRNO_TEXT[e.code ?? ''] ?? e.message;

/** containerd's sandbox id and CNI netns path, made up stably from the pod's uid. */
function sandboxOf(pod: KubeObject): { sandbox: string; netns: string } {
  const hash = (what: string) => createHash('sha256').update(`${what}:${pod.metadata.uid ?? pod.metadata.name}`).digest('hex');
  const n = hash('netns');
  return { sandbox: hash('sandbox'), netns: `/var/run/netns/cni-${n.slice(0, 8)}-${n.slice(8, 12)}-${n.slice(12, 16)}-${n.slice(16, 20)}-${n.slice(20, 32)}` };
}

function isWebSocket(req: IncomingMessage): boolean {
  return /\bupgrade\b/i.test(req.headers.connection ?? '') && (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

