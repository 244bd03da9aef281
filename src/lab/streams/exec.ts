// `pods/exec` once the API server has authorized it: what kube-apiserver checks, then what the
// kubelet and containerd do (kubelet cri/streaming/remotecommand ServeExec), over WebSocket.
// Errors found before the upgrade are HTTP answers on the raw socket; once upgraded, how the
// command ended is a Status on the error channel and the WebSocket closes normally. A v5 client
// is served as a 1.30+ apiserver serves it (see channels.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { StreamRequest } from '../api/context.js';
import { goJson, goQuote } from '../api/status.js';
import type { KubeObject } from '../store/kubeObject.js';
import { isStartError, type PodStreamRuntime } from './runtime.js';
import { kubeletProtocol, offeredProtocols, V5, type ChannelProtocol, type ExecOutcome } from './channels.js';
import { ExecSession, type ExecParams } from './execSession.js';

/** The subprotocol each request is upgraded with, decided before handing the socket to `ws`. */
const chosen = new WeakMap<IncomingMessage, string>();
const wss = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  handleProtocols: (_offered, req) => chosen.get(req) ?? false,
});

interface Answer { code: number; body: string; json: boolean }

export function handleExec(s: StreamRequest, runtime: PodStreamRuntime): void {
  s.socket.on('error', () => {}); // a client gone mid-answer is not the lab's failure
  const params = parseParams(s.query);
  const container = resolveContainer(s.pod, params.container);
  if (typeof container !== 'string') return reply(s.socket, container);
  const refusal = kubeletChecks(s.pod, container, params);
  const run = (session: ExecSession) => void startProcess(session, runtime, s.pod, container, params);
  if (isWebSocket(s.req.headers)) {
    const offered = offeredProtocols(s.req.headers['sec-websocket-protocol']);
    // The translator upgrades before it asks the kubelet anything, so a refusal comes as a status.
    if (offered.includes(V5.name)) return upgrade(s, V5, params, refusal ? (session) => session.finish({ kind: 'refused', text: refusal.body }) : run);
    if (refusal) return reply(s.socket, refusal);
    const protocol = kubeletProtocol(offered);
    // x/net/websocket answers a protocol mismatch with a bare 403, which kubectl takes as "fall back".
    if (!protocol) return void s.socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    return upgrade(s, protocol, params, run);
  }
  return reply(s.socket, refusal ?? spdyRefused());
}

function upgrade(s: StreamRequest, protocol: ChannelProtocol, params: ExecParams, then: (session: ExecSession) => void): void {
  chosen.set(s.req, protocol.name);
  wss.handleUpgrade(s.req, s.socket, s.head, (ws) => then(new ExecSession(ws, protocol, params)));
}

async function startProcess(session: ExecSession, runtime: PodStreamRuntime, pod: KubeObject, container: string, p: ExecParams): Promise<void> {
  let outcome: ExecOutcome;
  try {
    // runc refuses an empty argv itself; the apiserver and kubelet pass it through unchecked.
    const started = p.argv.length
      ? await runtime.exec(pod, container, p.argv, { tty: p.tty, stdin: p.stdin })
      : { message: 'exec failed: args must not be empty', exitCode: 126 };
    if (!isStartError(started)) return await session.attach(started);
    outcome = { kind: 'internal', message: startFailure(started.message) };
  } catch (e) {
    outcome = { kind: 'internal', message: (e as Error)?.message ?? String(e) };
  }
  session.finish(outcome);
}

/**
 * containerd's words around what runc said, for a tool the image lacks: `failed to exec in
 * container: failed to start exec "<id>": OCI runtime exec failed: exec failed: unable to start
 * container process: exec: "ping": executable file not found in $PATH: unknown`, which the
 * kubelet reports as an InternalError (kubectl: `error: Internal error occurred: [Internal error
 * occurred: ]error executing command in container: ...`). containerd gives no exit code for it,
 * so the runtime's `exitCode` goes unused. The runtime may give runc's message alone or already
 * wrapped as the shim words it.
 */
function startFailure(runtimeMessage: string): string {
  const runc = runtimeMessage.replace(/^OCI runtime exec failed: /, '').replace(/: unknown$/, '');
  const execId = randomBytes(32).toString('hex');
  return `failed to exec in container: failed to start exec ${goQuote(execId)}: OCI runtime exec failed: ${runc}: unknown`;
}

// The apiserver's query conversion: a flag is true when present, unless "0" or "false".
function flag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v !== null && v !== '0' && v.toLowerCase() !== 'false';
}

function parseParams(q: URLSearchParams): ExecParams {
  const tty = flag(q, 'tty');
  return {
    argv: q.getAll('command'),
    container: q.get('container') ?? '',
    stdin: flag(q, 'stdin'),
    stdout: flag(q, 'stdout'),
    // The kubelet drops stderr under a tty: the terminal carries both.
    stderr: flag(q, 'stderr') && !tty,
    tty,
  };
}

type Container = { name: string };
interface PodSpecish { containers?: Container[]; initContainers?: Container[]; ephemeralContainers?: Container[] }

/**
 * The apiserver's validateContainer: no name is fine only for a one-container pod. The
 * `kubectl.kubernetes.io/default-container` annotation is kubectl's, read on the client side.
 */
function resolveContainer(pod: KubeObject, wanted: string): string | Answer {
  const spec = (pod.spec ?? {}) as PodSpecish;
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
  const name = pod.metadata.name!;
  if (wanted) return all.includes(wanted) ? wanted : badRequest(`container ${wanted} is not valid for pod ${name}`);
  const containers = spec.containers ?? [];
  if (containers.length === 1) return containers[0]!.name;
  if (containers.length === 0) return badRequest(`a container name must be specified for pod ${name}`);
  return badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
}

/** What the kubelet refuses before any upgrade, in its plain-text answers. */
function kubeletChecks(pod: KubeObject, container: string, p: ExecParams): Answer | undefined {
  if (!p.stdin && !p.stdout && !p.stderr) return { code: 400, body: 'you must specify at least 1 of stdin, stdout, stderr', json: false };
  if (!containerRunning(pod, container)) return { code: 500, body: `container not found (${goQuote(container)})`, json: false };
  return undefined;
}

type Status = { name: string; state?: { running?: unknown } };
function containerRunning(pod: KubeObject, container: string): boolean {
  const st = (pod.status ?? {}) as { containerStatuses?: Status[]; initContainerStatuses?: Status[]; ephemeralContainerStatuses?: Status[] };
  const all = [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? []), ...(st.ephemeralContainerStatuses ?? [])];
  return Boolean(all.find((c) => c.name === container)?.state?.running);
}

// wsstream.IsWebSocketRequest: Upgrade is websocket and Connection lists upgrade.
function isWebSocket(h: StreamRequest['req']['headers']): boolean {
  return String(h.upgrade ?? '').toLowerCase() === 'websocket' && /(^|,)\s*upgrade\s*(,|$)/i.test(String(h.connection ?? ''));
}

/**
 * A real cluster also serves exec over SPDY (kubectl before 1.30 only speaks that; later ones
 * fall back to it when the WebSocket fails). The lab does not, and says so plainly.
 */
function spdyRefused(): Answer {
  return badRequest('this podnet lab serves exec only over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io), not SPDY: use kubectl 1.30 or newer');
}

function badRequest(message: string): Answer {
  const body = goJson({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
  return { code: 400, body, json: true };
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 500: 'Internal Server Error' };

function reply(socket: Duplex, a: Answer): void {
  // Statuses come from the apiserver (with its Audit-Id); plain text is the kubelet's answer, relayed as is.
  const headers = a.json
    ? [`Audit-Id: ${randomUUID()}`, 'Cache-Control: no-cache, private', 'Content-Type: application/json']
    : ['Content-Type: text/plain; charset=utf-8'];
  headers.push(`Date: ${new Date().toUTCString()}`, `Content-Length: ${Buffer.byteLength(a.body)}`);
  socket.end(`HTTP/1.1 ${a.code} ${REASONS[a.code] ?? 'Error'}\r\n${headers.join('\r\n')}\r\n\r\n${a.body}`);
}
