// One forwarded TCP connection to a pod's port. Normally it is a pair of SPDY streams on the
// pod's shared tunnel (portForwardTunnel.ts: one connection to the API server for every local
// connection, as kubectl 1.31+ does). When the API server takes no SPDY at all, it falls back to
// client-node 1.4's PortForward (one WebSocket per local connection, one port per call, kubelet's
// v4 channels), and what 1.4 leaves to its caller is done here: end the local socket when the
// WebSocket closes and close the WebSocket when the local socket goes, end both on an
// error-channel message and say what it was, apply backpressure both ways (1.4 ignores write()'s
// answer), and reuse TLS sessions between the WebSockets.
import { Agent } from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';
// Not re-exported by the package's index; PortForward takes one to build its WebSockets with.
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import WebSocket from 'ws';
import { cleanText } from '../state/sanitize.js';
import { ForwardOpenError, TunnelUnsupported, tunnelFor, type ConnectionHooks, type Tunnel } from './portForwardTunnel.js';

export { ForwardOpenError, type ConnectionHooks } from './portForwardTunnel.js';

export interface PodPort {
  namespace: string;
  pod: string;
  port: number;
  /** The pod's uid, when known: a pod recreated under the same name then gets a tunnel of its own. */
  uid?: string;
}

// Kubeconfigs whose API server took no SPDY tunnel: their connections use client-node's WebSockets.
const noTunnel = new WeakSet<KubeConfig>();

async function tunnelOrNone(kc: KubeConfig, target: PodPort): Promise<Tunnel | undefined> {
  if (noTunnel.has(kc)) return undefined;
  try {
    return await tunnelFor(kc, target);
  } catch (e) {
    if (!(e instanceof TunnelUnsupported)) throw e;
    noTunnel.add(kc);
    return undefined;
  }
}

/**
 * Forwards `socket` to the pod's port until either side ends. Resolves once the connection to the
 * API server is open (the socket is then owned here: it is ended or destroyed when the pod side
 * goes); rejects with a ForwardOpenError when the API server refuses it (403, 404...) or cannot be
 * reached; the socket is then left untouched (nothing has been read from it), for the caller to
 * retry or close.
 */
export async function forwardConnection(kc: KubeConfig, target: PodPort, socket: Socket, hooks: ConnectionHooks = {}): Promise<void> {
  const tunnel = await tunnelOrNone(kc, target);
  if (tunnel) return tunnel.forward(target.port, socket, hooks);
  return forwardOverWebSocket(kc, target, socket, hooks);
}

/**
 * Opens one forwarded connection to the pod's port and waits up to `waitMs` for the pod side to
 * refuse it: resolves with kubelet's sentence when something went wrong, or null when the
 * connection stayed up (something listens). Rejects like forwardConnection when the connection to
 * the API server cannot be opened.
 */
export async function checkPodPort(kc: KubeConfig, target: PodPort, waitMs = 1500): Promise<string | null> {
  const tunnel = await tunnelOrNone(kc, target);
  if (tunnel) return tunnel.check(target.port, waitMs);
  return checkOverWebSocket(kc, target, waitMs);
}

// Above this many bytes queued towards the API server, stop reading the local client.
const UPLOAD_HIGH_WATER = 1024 * 1024;
const UPLOAD_POLL_MS = 2;
const DOWNLOAD_HIGH_WATER = 4 * 1024 * 1024;

// Every WebSocket is a fresh TLS connection to the API server; one agent per KubeConfig keeps
// their TLS sessions, so the next connection resumes one instead of a full handshake.
const agents = new WeakMap<KubeConfig, Agent>();

function agentFor(kc: KubeConfig): Agent {
  let agent = agents.get(kc);
  if (!agent) {
    agent = new Agent({ keepAlive: false, maxCachedSessions: 32 });
    agents.set(kc, agent);
  }
  return agent;
}

function handlerFor(kc: KubeConfig): WebSocketHandler {
  return new WebSocketHandler(kc, (uri: string, protocols: string[], opts: WebSocket.ClientOptions) => {
    // applyToHTTPSOptions gives every call a new https.Agent (so no TLS session is ever reused):
    // a plain one is swapped for the session-keeping one (the TLS material stays in the request's
    // own options, and is part of the agent's cache key); a proxy agent stays. No compression:
    // the bytes are the user's, often compressed already, and deflate costs CPU on both ends.
    const agent = opts.agent instanceof Agent && opts.agent.constructor === Agent && uri.startsWith('wss:') ? agentFor(kc) : opts.agent;
    return new WebSocket(uri, protocols, { ...opts, agent, perMessageDeflate: false }) as never;
  });
}

/** forwardConnection over one client-node WebSocket of its own. */
async function forwardOverWebSocket(kc: KubeConfig, target: PodPort, socket: Socket, hooks: ConnectionHooks): Promise<void> {
  let ws: WebSocket | undefined;
  let failed = false;
  let paused = false;
  // client-node calls output.write(buffer) and nothing else, ignoring its answer: a plain object
  // that counts, writes and, when the client is behind, stops reading the WebSocket.
  const output = { write: (chunk: Buffer) => {
    hooks.onBytesIn?.(chunk.length);
    socket.write(chunk);
    // Only a real backlog pauses: toggling at the socket's 16 KB mark would cost every chunk a pause.
    if (socket.writableLength > DOWNLOAD_HIGH_WATER && ws && !paused) {
      paused = true;
      ws.pause();
      socket.once('drain', () => {
        paused = false;
        ws?.resume();
      });
    }
    return true;
  } };
  const errors = { write: (chunk: Buffer) => {
    const text = cleanText(chunk.toString('utf8')).trim();
    if (!text) return true;
    failed = true;
    hooks.onPodError?.(text);
    socket.destroy();
    ws?.close();
    return true;
  } };
  let opened: unknown;
  try {
    opened = await new PortForward(kc, true, handlerFor(kc)).portForward(
      target.namespace, target.pod, [target.port], output as never, errors as never, socket);
  } catch (e) {
    throw openError(e);
  }
  ws = opened as WebSocket;
  const sock = ws;
  socket.setNoDelay(true);
  socket.on('data', (d: Buffer) => {
    hooks.onBytesOut?.(d.length);
    if (sock.bufferedAmount > UPLOAD_HIGH_WATER) {
      socket.pause();
      const wait = () => (sock.readyState !== WebSocket.OPEN || sock.bufferedAmount < UPLOAD_HIGH_WATER / 4 ? socket.resume() : setTimeout(wait, UPLOAD_POLL_MS));
      setTimeout(wait, UPLOAD_POLL_MS);
    }
  });
  sock.on('close', () => (failed ? socket.destroy() : socket.end()));
  sock.on('error', () => socket.destroy());
  socket.on('close', () => sock.close());
  socket.on('error', () => sock.close());
  if (socket.destroyed) sock.close();
}

/** checkPodPort over one client-node WebSocket of its own. */
function checkOverWebSocket(kc: KubeConfig, target: PodPort, waitMs: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let podError: string | null = null;
    let ws: WebSocket | undefined;
    const errors = { write: (chunk: Buffer) => {
      const text = cleanText(chunk.toString('utf8')).trim();
      if (text) finish(text);
      return true;
    } };
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: string | null) => {
      clearTimeout(timer);
      ws?.close();
      podError ??= result;
      resolve(podError);
    };
    new PortForward(kc, true, handlerFor(kc))
      .portForward(target.namespace, target.pod, [target.port], { write: () => true } as never, errors as never, dummyInput())
      .then((opened) => {
        ws = opened as WebSocket;
        if (podError !== null) return ws.close();
        // The pod side closing at once without a word is a refusal too.
        ws.on('close', () => finish(podError ?? `the connection to port ${target.port} was closed at once`));
        timer = setTimeout(() => finish(null), waitMs);
      }, (e) => reject(openError(e)));
  });
}

function dummyInput(): Readable {
  // client-node listens for 'data' and 'end' on it; nothing is ever sent.
  return { on: () => undefined } as never;
}

function openError(e: unknown): ForwardOpenError {
  const err = e as { message?: string; error?: { code?: string; message?: string }; code?: string };
  const message = err?.message ?? err?.error?.message ?? String(e);
  const status = /Unexpected server response: (\d+)/.exec(message)?.[1];
  return new ForwardOpenError(message, status ? Number(status) : undefined, err?.error?.code ?? err?.code);
}
