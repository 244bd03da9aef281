// A command in a container, as an argv array, over client-node's Exec: output streamed as it
// arrives, the exit code from the channel-3 Status, abort through an AbortSignal, and every way
// it can fail turned into one sentence (ExecError). client-node's Exec resolves as soon as the
// WebSocket opens and has no handshake timeout or keepalive, so this adds both. Closing the socket
// does not kill the command in a real cluster (client-node #2532): execStoppable kills it itself.
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
import { Exec } from '@kubernetes/client-node';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import { Writable } from 'node:stream';
import { WebSocket, type ClientOptions } from 'ws';
import { cleanText } from '../state/sanitize.js';

export interface ExecTarget {
  namespace: string;
  pod: string;
  /** Empty or undefined: the pod's only container. */
  container?: string;
}

export interface ExecOptions {
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  signal?: AbortSignal;
  /** Bound on the TLS + upgrade handshake (default 10 s). */
  handshakeTimeoutMs?: number;
  /** WebSocket pings on an otherwise quiet exec; two unanswered ones end it as 'lost' (default 10 s). */
  keepaliveMs?: number;
}

export interface ExecResult {
  /** The command's exit code; null when it never reported one (aborted, connection lost). */
  exitCode: number | null;
  /** How the exec ended: the command exited, abort was signalled, or the connection dropped. */
  end: 'exited' | 'aborted' | 'lost';
  status: V1Status | null;
}

export type ExecErrorKind =
  | 'forbidden'
  | 'unauthorized'
  | 'pod-not-found'
  | 'container-not-found'
  | 'container-not-running'
  /** The image has no such binary: how tool detection learns that a tool (or sh) is missing. */
  | 'no-such-binary'
  | 'timeout'
  | 'unreachable'
  | 'failed';

/** An exec that could not run the command; `message` is one sentence for the user. */
export class ExecError extends Error {
  constructor(
    readonly kind: ExecErrorKind,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'host not found',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** Runs argv in the container until it exits, the signal aborts it or the connection drops. */
export async function execArgv(kc: KubeConfig, target: ExecTarget, argv: string[], o: ExecOptions = {}): Promise<ExecResult> {
  if (argv.length === 0) throw new ExecError('failed', 'Cannot exec an empty command.');
  const where = describeTarget(target);
  if (o.signal?.aborted) return { exitCode: null, end: 'aborted', status: null };
  let socket: WebSocket | undefined;
  let refusal: ExecError | undefined;
  const factory = (uri: string, protocols: string[], opts: ClientOptions): WebSocket => {
    const ws = new WebSocket(uri, protocols, { ...opts, handshakeTimeout: o.handshakeTimeoutMs ?? 10_000 });
    socket = ws;
    // The apiserver's refusal (403, 404, 400 bad container) carries a Status body ws would drop.
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d.slice(0, 4096)));
      res.on('end', () => {
        refusal = refused(res.statusCode ?? 0, body, where);
        ws.terminate();
      });
      res.on('error', () => ws.terminate());
      req.on('error', () => {});
    });
    return ws;
  };
  let status: V1Status | null = null;
  const sink = (fn?: (c: Buffer) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        fn?.(chunk);
        done();
      },
    });
  const exec = new Exec(kc, new WebSocketHandler(kc, factory as never));
  const onAbort = () => socket?.terminate();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let ws: WebSocket;
    try {
      ws = (await exec.exec(target.namespace, target.pod, target.container ?? '', argv, sink(o.onStdout), sink(o.onStderr), null, false, (s) => {
        status = s;
      })) as unknown as WebSocket;
    } catch (e) {
      if (o.signal?.aborted) return { exitCode: null, end: 'aborted', status: null };
      throw refusal ?? handshakeError(e, where);
    }
    const end = await new Promise<ExecResult['end']>((resolve) => {
      let missed = 0;
      const ping = setInterval(() => {
        if (++missed > 2) ws.terminate();
        else ws.ping();
      }, o.keepaliveMs ?? 10_000);
      ping.unref();
      ws.on('pong', () => (missed = 0));
      ws.on('message', () => (missed = 0));
      ws.on('error', () => {});
      ws.once('close', () => {
        clearInterval(ping);
        resolve(o.signal?.aborted ? 'aborted' : status ? 'exited' : 'lost');
      });
      if (ws.readyState === ws.CLOSED) resolve(status ? 'exited' : 'lost');
    });
    if (end !== 'exited' || !status) return { exitCode: null, end, status };
    return { exitCode: exitCodeOf(status, where), end, status };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The exit code a Status reports: 0 for Success, the ExitCode cause of NonZeroExitCode. Any other
 * failure means the command never ran, which throws the matching ExecError.
 */
export function exitCodeOf(status: V1Status, where = 'the container'): number {
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message ?? /exit code (\d+)/.exec(status.message ?? '')?.[1]);
    if (Number.isInteger(code)) return code;
  }
  throw statusError(status, where);
}

function statusError(status: V1Status, where: string): ExecError {
  const message = status.message ?? '';
  // containerd: `exec: "ping": executable file not found in $PATH`; CRI-O/runc: `no such file or directory`.
  const missing = /exec: "([^"]*)": executable file not found|exec: "([^"]*)": stat [^:]*: no such file or directory/.exec(message);
  if (missing) {
    const tool = cleanText(missing[1] ?? missing[2] ?? '');
    return new ExecError('no-such-binary', `Cannot run ${tool} in ${where}: the image has no such command.`);
  }
  if (/container not found/.test(message)) return new ExecError('container-not-running', `Cannot exec in ${where}: the container is not running.`);
  return new ExecError('failed', `Cannot exec in ${where}: ${oneLine(message) || 'the runtime refused the command'}.`);
}

function refused(code: number, body: string, where: string): ExecError {
  let message = '';
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? '';
  } catch {
    message = body;
  }
  if (code === 403) {
    const who = /User "([^"]*)"/.exec(message)?.[1];
    return new ExecError('forbidden', `Cannot exec in ${where}: ${who ? `user "${cleanText(who)}"` : 'you'} may not create pods/exec there (403 Forbidden).`, code);
  }
  if (code === 401) return new ExecError('unauthorized', `Cannot exec in ${where}: the API server rejected the credentials (401 Unauthorized).`, code);
  if (code === 404) return new ExecError('pod-not-found', `Cannot exec in ${where}: the pod does not exist (404 Not Found).`, code);
  if (code === 400 && /is not valid for pod|container name must be specified/.test(message)) {
    return new ExecError('container-not-found', `Cannot exec in ${where}: ${oneLine(message)}.`, code);
  }
  if (/container not found/.test(message)) return new ExecError('container-not-running', `Cannot exec in ${where}: the container is not running.`, code);
  return new ExecError('failed', `Cannot exec in ${where}: the API server answered ${code}${message ? `: ${oneLine(message)}` : ''}.`, code);
}

function handshakeError(e: unknown, where: string): ExecError {
  if (e instanceof ExecError) return e;
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  const text = err?.message ?? String(e);
  if (/handshake has timed out/i.test(text)) return new ExecError('timeout', `Cannot exec in ${where}: the API server did not answer the upgrade in time.`);
  const code = err?.code ?? err?.cause?.code ?? '';
  if (NETWORK[code]) return new ExecError('unreachable', `Cannot exec in ${where}: cannot reach the API server (${NETWORK[code]}).`);
  const http = /Unexpected server response: (\d+)/.exec(text);
  if (http) return refused(Number(http[1]), '', where);
  return new ExecError('failed', `Cannot exec in ${where}: ${oneLine(text)}.`);
}

export function describeTarget(t: ExecTarget): string {
  const pod = `pod ${cleanText(t.namespace)}/${cleanText(t.pod)}`;
  return t.container ? `container ${cleanText(t.container)} of ${pod}` : pod;
}

const oneLine = (s: string) => cleanText(s.trim().split('\n')[0] ?? '').replace(/[.\s]+$/, '');

// ---------------------------------------------------------------------------------------------
// Long-running commands that a stop must really end.

/** Fixed script: prints its own pid (which `exec` hands to the command), then becomes the command. */
export const PID_WRAPPER = ['sh', '-c', 'echo podnet-pid=$$ >&2; exec "$@"', 'podnet'];
const KILL_SCRIPT = ['sh', '-c', 'kill -"$1" "$2" 2>/dev/null; exit 0', 'podnet-stop'];
const PID_LINE = /^podnet-pid=(\d+)\r?\n/;

export interface StoppableOptions extends ExecOptions {
  /** The container has sh: wrap the command so a stop can kill it by pid. */
  shell: boolean;
  /** After SIGINT, how long the command may take to print its summary and exit (default 1.5 s). */
  graceMs?: number;
}

export interface StoppableResult extends ExecResult {
  /** The command's pid in the container (known only with `shell`). */
  pid: number | null;
  /** Whether a stop had to signal the command. */
  killed: boolean;
}

/**
 * Like execArgv, but an abort also ends the command inside the container: SIGINT first (ping
 * prints its summary), SIGKILL after graceMs, through a second exec in the same container. Without
 * `shell` the command must bound itself (a count or a deadline); abort then only closes the socket.
 */
export async function execStoppable(kc: KubeConfig, target: ExecTarget, argv: string[], o: StoppableOptions): Promise<StoppableResult> {
  if (!o.shell) return { ...(await execArgv(kc, target, argv, o)), pid: null, killed: false };
  let pid: number | null = null;
  let head = '';
  let killed = false;
  let gotPid!: () => void;
  const pidKnown = new Promise<void>((resolve) => (gotPid = resolve));
  const inner = new AbortController();
  const onStderr = (chunk: Buffer) => {
    if (pid !== null) return o.onStderr?.(chunk);
    head += chunk.toString('latin1');
    const m = PID_LINE.exec(head);
    if (m) {
      pid = Number(m[1]);
      const rest = Buffer.from(head.slice(m[0].length), 'latin1');
      if (rest.length) o.onStderr?.(rest);
      gotPid();
    } else if (head.length > 256 || (head.includes('\n') && !head.startsWith('podnet-pid='))) {
      // Not our line (a sh that printed something first): pass it on untouched.
      pid = -1;
      o.onStderr?.(Buffer.from(head, 'latin1'));
      gotPid();
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // A stop right after the start: the pid line is on its way, and closing first would orphan the command.
      if (pid === null) await Promise.race([pidKnown, settled(), delay(o.handshakeTimeoutMs ?? 10_000)]);
      if (pid !== null && pid > 0 && !done) {
        killed = true;
        const signalled = await signal(kc, target, 'INT', pid, o.handshakeTimeoutMs);
        if (signalled) {
          await Promise.race([settled(), delay(o.graceMs ?? 1_500)]);
          if (!done) await signal(kc, target, 'KILL', pid, o.handshakeTimeoutMs);
        }
      }
      inner.abort();
    })());
  let done = false;
  const onAbort = () => void stop();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const finished = execArgv(kc, target, [...PID_WRAPPER, ...argv], { ...o, onStderr, signal: inner.signal }).finally(() => {
    done = true;
  });
  const settled = () => finished.then(() => {}, () => {});
  if (o.signal?.aborted) void stop();
  try {
    const r = await finished;
    // An abort that let the command exit by itself still counts as aborted for the caller.
    return { ...r, end: o.signal?.aborted && r.end === 'exited' ? 'aborted' : r.end, pid: pid !== null && pid > 0 ? pid : null, killed };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await stopping;
  }
}

async function signal(kc: KubeConfig, target: ExecTarget, sig: 'INT' | 'KILL', pid: number, handshakeTimeoutMs?: number): Promise<boolean> {
  try {
    const r = await execArgv(kc, target, [...KILL_SCRIPT, sig, String(pid)], { handshakeTimeoutMs, signal: AbortSignal.timeout(10_000) });
    return r.end === 'exited';
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
