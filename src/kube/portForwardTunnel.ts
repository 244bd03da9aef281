// Port-forward as kubectl 1.31+ does it: every connection to one pod rides ONE connection to the
// API server, a WebSocket whose binary messages carry SPDY/3.1 (subprotocol
// `SPDY/3.1+portforward.k8s.io`, the apiserver's stream tunnel), or, from servers without the
// tunnel, a plain `Upgrade: SPDY/3.1` (what kubectl did before 1.31). Each local connection is a
// pair of streams, `streamtype: error` then `streamtype: data`, with the same `port` and
// `requestid` (kubelet's httpstream handler); so a new connection costs two SYN_STREAM frames
// instead of a TCP + TLS + HTTP upgrade. When a server takes neither, `openTunnel` says so
// (TunnelUnsupported) and the caller falls back to client-node's one-WebSocket-per-connection.
//
// Neither kubelet nor spdystream does SPDY flow control, so none is relied on here: the local
// socket is paused while the tunnel's socket has a backlog, and the tunnel stops reading while a
// stream's reader (a slow local client) is full, as spdystream's bounded frame queues do.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { SpdySession, type SpdyStream } from '../spdy/session.js';
import { socketTransport, webSocketTransport, type SpdyTransport } from '../spdy/transport.js';
import { cleanText } from '../state/sanitize.js';

export const TUNNEL_SUBPROTOCOL = 'SPDY/3.1+portforward.k8s.io';
const STREAM_PROTOCOL = 'portforward.k8s.io';

export interface TunnelTarget {
  namespace: string;
  pod: string;
  /** The pod's uid: a pod recreated under the same name gets a new tunnel (the old one reaches the old pod). */
  uid?: string;
}

export interface ConnectionHooks {
  /** Bytes from the pod to the local client. */
  onBytesIn?: (n: number) => void;
  /** Bytes from the local client to the pod. */
  onBytesOut?: (n: number) => void;
  /** The pod side refused or failed (kubelet's sentence on the error stream), sanitized. */
  onPodError?: (message: string) => void;
}

/** The connection to the API server could not be opened: its HTTP status when it answered one. */
export class ForwardOpenError extends Error {
  constructor(message: string, readonly status: number | undefined, readonly code: string | undefined) {
    super(message);
  }
}

/** The server (or a proxy before it) answered neither SPDY request: use one WebSocket per connection. */
/** After the replies, how long a quiet error stream takes to mean "open" (at least). */
const CHECK_QUIET_MS = 200;

export class TunnelUnsupported extends Error {}

export type TunnelMode = 'websocket' | 'spdy';

export interface TunnelOptions {
  /** Bound on TCP + TLS + upgrade (default 15 s). */
  handshakeTimeoutMs?: number;
  /** A tunnel with no connection closes after this long (default 60 s). */
  idleMs?: number;
  /** SPDY PING this often; two unanswered ones close the tunnel (default 15 s). */
  keepaliveMs?: number;
}

// Pod -> local: a data stream buffers up to this much before the tunnel stops reading; a local
// socket up to DOWNLOAD_HIGH_WATER before its stream stops being read. Toggling at the defaults
// (16 KB) would pause the whole tunnel for every chunk of a fast download.
const STREAM_HIGH_WATER = 256 * 1024;
const DOWNLOAD_HIGH_WATER = 1024 * 1024;
const ERROR_TEXT_MAX = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Opening the connection

interface Endpoint {
  url: URL;
  opts: RequestOptions;
}

async function endpoint(kc: KubeConfig, target: TunnelTarget): Promise<Endpoint> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ForwardOpenError('the kubeconfig has no current cluster', undefined, undefined);
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/portforward`;
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  const opts: RequestOptions = { headers: {} };
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (e) {
    throw new ForwardOpenError(`cannot get the credentials of user "${kc.getCurrentUser()?.name ?? ''}": ${(e as Error)?.message ?? e}`, undefined, undefined);
  }
  // client-node makes an https.Agent even for an http:// server; node refuses it there.
  if (url.protocol === 'http:' && opts.agent instanceof Agent) delete opts.agent;
  return { url, opts };
}

/** A refusal with an HTTP status; `final` when it is the API server's own (a Status body). */
class Refused extends ForwardOpenError {
  constructor(message: string, status: number, readonly final: boolean) {
    super(message, status, undefined);
  }
}

function readRefusal(res: IncomingMessage, done: (e: Refused) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (d: string) => (body += body.length < 4096 ? d : ''));
  res.on('error', () => {});
  res.on('end', () => {
    const status = res.statusCode ?? 0;
    let message = body.trim();
    let final = false;
    try {
      const s = JSON.parse(body) as { kind?: string; message?: string };
      // The apiserver itself refused (authn, RBAC, no such pod): no other protocol will do better.
      final = s.kind === 'Status' && [401, 403, 404].includes(status);
      message = s.message ?? message;
    } catch {
      // a bare refusal, as kubelet or a proxy gives it
    }
    done(new Refused(`Unexpected server response: ${status}${message ? ` (${cleanText(message).slice(0, 300)})` : ''}`, status, final));
  });
}

function networkError(e: unknown): ForwardOpenError {
  const err = e as { message?: string; code?: string };
  return new ForwardOpenError(err?.message ?? String(e), undefined, err?.code);
}

interface Dialled {
  transport: SpdyTransport;
  socket: Socket;
}

function dialWebSocket({ url, opts }: Endpoint, timeoutMs: number): Promise<Dialled> {
  return new Promise((resolve, reject) => {
    let chosen: string | undefined;
    let socket: Socket | undefined;
    const wsUrl = url.href.replace(/^http/, 'ws');
    // ws checks subprotocols against RFC 6455's token syntax, which has no '/': the offer goes in
    // as a plain header, and the answer is taken out before ws compares it with no offer.
    const ws = new WebSocket(wsUrl, [], {
      ...(opts as WebSocket.ClientOptions),
      headers: { ...opts.headers as Record<string, string>, 'Sec-WebSocket-Protocol': TUNNEL_SUBPROTOCOL },
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
    });
    ws.on('upgrade', (res) => {
      chosen = res.headers['sec-websocket-protocol'];
      delete res.headers['sec-websocket-protocol'];
      socket = res.socket as Socket;
    });
    ws.on('unexpected-response', (_req, res) => readRefusal(res, (e) => {
      ws.terminate();
      reject(e);
    }));
    ws.once('error', (e) => reject(networkError(e)));
    ws.on('open', () => {
      if (chosen !== TUNNEL_SUBPROTOCOL || !socket) {
        ws.terminate();
        return reject(new Refused(`the server chose subprotocol "${cleanText(chosen ?? '')}", not ${TUNNEL_SUBPROTOCOL}`, 101, false));
      }
      resolve({ transport: webSocketTransport(ws), socket });
    });
  });
}

function dialSpdy({ url, opts }: Endpoint, timeoutMs: number): Promise<Dialled> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = send(url, {
      ...opts,
      method: 'POST',
      timeout: timeoutMs,
      headers: { ...opts.headers, Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': STREAM_PROTOCOL, 'Content-Length': '0' },
    });
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      req.setTimeout(0);
      const protocol = res.headers['x-stream-protocol-version'];
      if (!/spdy\/3\.1/i.test(res.headers.upgrade ?? '') || protocol !== STREAM_PROTOCOL) {
        socket.destroy();
        return reject(new Refused(`the server upgraded to "${cleanText(res.headers.upgrade ?? '')}" with protocol "${cleanText(String(protocol ?? ''))}"`, 101, false));
      }
      socket.setNoDelay(true);
      resolve({ transport: socketTransport(socket, head), socket });
    });
    req.on('response', (res) => readRefusal(res, reject));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out opening the port-forward tunnel'), { code: 'ETIMEDOUT' })));
    req.on('error', (e) => reject(networkError(e)));
    req.end();
  });
}

// Which kind of tunnel the API server of a kubeconfig took last: the next one tries that first.
const modes = new WeakMap<KubeConfig, TunnelMode>();

/**
 * Opens a tunnel: the WebSocket first, then the plain SPDY upgrade when the server refused it (as
 * client-go's FallbackDialer does on any failed upgrade), unless the API server itself said no
 * (401, 403, 404 with a Status). Rejects with TunnelUnsupported when neither was taken, with a
 * ForwardOpenError otherwise.
 */
export async function openTunnel(kc: KubeConfig, target: TunnelTarget, o: TunnelOptions = {}): Promise<Tunnel> {
  const timeoutMs = o.handshakeTimeoutMs ?? 15_000;
  const order: TunnelMode[] = modes.get(kc) === 'spdy' ? ['spdy', 'websocket'] : ['websocket', 'spdy'];
  let last: unknown;
  for (const mode of order) {
    const ep = await endpoint(kc, target);
    try {
      const d = await (mode === 'websocket' ? dialWebSocket(ep, timeoutMs) : dialSpdy(ep, timeoutMs));
      modes.set(kc, mode);
      return new Tunnel(target, mode, d, o);
    } catch (e) {
      if (!(e instanceof Refused) || e.final) throw e;
      last = e;
    }
  }
  throw new TunnelUnsupported(`the API server took neither a SPDY WebSocket tunnel nor a SPDY upgrade: ${(last as Error).message}`);
}

// ---------------------------------------------------------------------------------------------
// One tunnel and its connections

/** What kubelet wrote on an error stream, as one line: its JSON's message (1.31+), or the text itself. */
export function podErrorText(raw: string): string {
  const text = raw.trim();
  if (!text) return '';
  if (text.startsWith('{')) {
    try {
      const m = (JSON.parse(text) as { message?: unknown }).message;
      if (typeof m === 'string') return cleanText(m).trim();
    } catch {
      // not JSON after all
    }
  }
  return cleanText(text).trim();
}

interface Pair {
  data: SpdyStream;
  error: SpdyStream;
  /** Resolves with the error stream's text (empty when none) once it ends, or '' when the stream goes without an end. */
  podError: Promise<string>;
}

export class Tunnel {
  readonly session: SpdySession;
  private nextRequestId = 0;
  private live = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly keepalive: NodeJS.Timeout;
  private readonly closeListeners: (() => void)[] = [];

  constructor(readonly target: TunnelTarget, readonly mode: TunnelMode, private readonly conn: Dialled, private readonly o: TunnelOptions) {
    this.session = new SpdySession(conn.transport, { role: 'client', streamHighWaterMark: STREAM_HIGH_WATER });
    this.session.on('close', () => {
      clearTimeout(this.idleTimer);
      clearInterval(this.keepalive);
      for (const l of this.closeListeners.splice(0)) l();
    });
    this.session.on('goaway', () => {
      for (const l of this.closeListeners.splice(0)) l();
    });
    let unanswered = 0;
    this.keepalive = setInterval(() => {
      if (++unanswered > 2) return this.close();
      this.session.ping().then(() => (unanswered = 0), () => {});
    }, o.keepaliveMs ?? 15_000).unref();
    this.idle();
  }

  /** Whether a new connection may use this tunnel. */
  get usable(): boolean {
    return !this.session.closing;
  }

  /** Connections in flight on this tunnel. */
  get connections(): number {
    return this.live;
  }

  /** Runs once the tunnel takes no more connections (closed, or the server sent GOAWAY). */
  onGone(listener: () => void): void {
    if (!this.usable) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    this.session.close();
  }

  /** Opens the error and data streams of one connection to `port`, as kubectl does. */
  private pair(port: number): Pair {
    const requestid = String(this.nextRequestId++);
    const error = this.session.openStream({ streamtype: 'error', port: String(port), requestid });
    error.end(); // nothing is ever sent on it; kubectl half-closes it at once too
    const data = this.session.openStream({ streamtype: 'data', port: String(port), requestid });
    const podError = new Promise<string>((resolve) => {
      let text = '';
      error.setEncoding('utf8');
      error.on('data', (d: string) => (text += text.length < ERROR_TEXT_MAX ? d : ''));
      error.on('end', () => resolve(podErrorText(text)));
      error.on('close', () => resolve(podErrorText(text)));
    });
    this.busy();
    let open = 2;
    const gone = () => {
      if (--open === 0 && --this.live === 0) this.idle();
    };
    data.once('close', gone);
    error.once('close', gone);
    return { data, error, podError };
  }

  /**
   * Forwards `socket` to the pod's `port` until either side ends; the socket is owned from here
   * on. The pod's refusal ends it and is told through hooks.onPodError.
   */
  forward(port: number, socket: Socket, hooks: ConnectionHooks = {}): void {
    const { data, error, podError } = this.pair(port);
    const reset = () => {
      this.session.reset(data);
      this.session.reset(error);
    };
    if (socket.destroyed) return reset();
    socket.setNoDelay(true);
    let failed = false;
    void podError.then((text) => {
      if (!text) return;
      failed = true;
      hooks.onPodError?.(text);
      socket.destroy();
    });

    // pod -> local
    data.on('data', (chunk: Buffer) => {
      hooks.onBytesIn?.(chunk.length);
      if (!socket.writable) return;
      socket.write(chunk);
      if (socket.writableLength > DOWNLOAD_HIGH_WATER && !data.isPaused()) {
        data.pause();
        socket.once('drain', () => data.resume());
      }
    });
    data.on('end', () => {
      // kubelet closes the error stream before the data stream: its word, if any, is in by now
      // or on its way; a reset is an abort.
      if (data.resetStatus !== undefined) return void socket.destroy();
      void Promise.race([podError, new Promise((r) => setTimeout(r, 1000).unref())]).then(() => {
        if (!failed) socket.end();
      });
    });
    data.on('close', () => {
      if (!data.readableEnded) socket.destroy(); // the tunnel went, or we were reset
    });

    // local -> pod
    let uploadPaused = false;
    socket.on('data', (chunk: Buffer) => {
      hooks.onBytesOut?.(chunk.length);
      if (!data.write(chunk) && !uploadPaused) {
        uploadPaused = true;
        socket.pause();
        data.once('drain', () => {
          uploadPaused = false;
          socket.resume();
        });
      }
    });
    let localEnded = false;
    socket.on('end', () => {
      localEnded = true;
      data.end();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!localEnded || data.destroyed) return reset();
      // The client said all it had to say: let that reach the pod (it may still wait on its
      // SYN_STREAM or a drain), keep reading what the pod still sends so that the tunnel never
      // stops for a reader that is gone, and reset only if the pod side lingers.
      data.resume();
      const linger = setTimeout(reset, 5000).unref();
      data.once('close', () => clearTimeout(linger));
    });
  }

  /**
   * Opens one connection to the pod's port and waits up to `waitMs` for the pod side to refuse it:
   * kubelet's sentence when something went wrong, or null when the connection stayed up.
   */
  check(port: number, waitMs: number): Promise<string | null> {
    const { data, error, podError } = this.pair(port);
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.session.reset(data);
        this.session.reset(error);
        resolve(result);
      };
      let timer = setTimeout(() => finish(null), waitMs);
      // kubelet dials the pod port once the streams exist and reports a failure on the error
      // stream at once; so once both replies are in, a few round trips more without a word
      // mean the port answered (not a blind wait of waitMs on every start).
      const started = Date.now();
      const replied = (s: typeof data) => (s.replyHeaders ? Promise.resolve() : new Promise<void>((r) => s.once('reply', () => r())));
      void Promise.all([replied(data), replied(error)]).then(() => {
        if (settled) return;
        const rtt = Date.now() - started;
        clearTimeout(timer);
        timer = setTimeout(() => finish(null), Math.min(waitMs, Math.max(CHECK_QUIET_MS, 4 * rtt)));
      });
      void podError.then((text) => text && finish(text));
      data.resume();
      // The pod side closing at once without a word is a refusal too.
      const closedAtOnce = () => void Promise.race([podError, new Promise((r) => setTimeout(r, 1000).unref())])
        .then((text) => finish((text as string | undefined) || `the connection to port ${port} was closed at once`));
      data.on('end', closedAtOnce);
      data.on('close', closedAtOnce);
    });
  }

  private busy(): void {
    if (this.live++ === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      this.conn.socket.ref();
    }
  }

  // An idle tunnel neither keeps the process alive (a CLI exits once its listeners close) nor
  // lives forever: it closes after a while; the next connection opens a new one.
  private idle(): void {
    this.conn.socket.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.live === 0) this.close();
    }, this.o.idleMs ?? 60_000).unref();
  }
}

// ---------------------------------------------------------------------------------------------
// One tunnel per (kubeconfig, namespace, pod)

interface Entry {
  uid: string | undefined;
  tunnel: Promise<Tunnel>;
}

const registry = new WeakMap<KubeConfig, Map<string, Entry>>();

/**
 * The tunnel to the pod, opened when there is none that takes connections. Calls made while one is
 * being opened share it; a failed open is forgotten, so the next call tries again.
 */
export function tunnelFor(kc: KubeConfig, target: TunnelTarget, o: TunnelOptions = {}): Promise<Tunnel> {
  let byPod = registry.get(kc);
  if (!byPod) registry.set(kc, (byPod = new Map()));
  const key = `${target.namespace}/${target.pod}`;
  const found = byPod.get(key);
  if (found && (found.uid === target.uid || !target.uid || !found.uid)) {
    // A failed open is told to everyone who waited for it; a tunnel gone since is replaced.
    return found.tunnel.then((t) => {
      if (t.usable) return t;
      if (byPod.get(key) === found) byPod.delete(key);
      return tunnelFor(kc, target, o);
    });
  }
  // A pod of that name with another uid: the old tunnel reaches the old pod; let it run out.
  if (found) void found.tunnel.then((t) => (t.connections === 0 ? t.close() : t.session.goAway()), () => {});
  const entry: Entry = { uid: target.uid, tunnel: openTunnel(kc, target, o) };
  byPod.set(key, entry);
  const forget = () => {
    if (byPod.get(key) === entry) byPod.delete(key);
  };
  entry.tunnel.then((t) => t.onGone(forget), forget);
  return entry.tunnel;
}

/** Closes every tunnel of a kubeconfig (their connections end). */
export function closeTunnels(kc: KubeConfig): void {
  for (const entry of registry.get(kc)?.values() ?? []) void entry.tunnel.then((t) => t.close(), () => {});
  registry.delete(kc);
}
