// Bandwidth between two pods, as the tutorial's `iperf3 -c <target-pod-ip>`: a one-off iperf3
// server is started in the target for this test only, the client runs in the source, and the
// client's per-second lines become live 'bandwidth' events. Pods without iperf3 get podnet's debug
// container. Closing an exec does not end its command, so both sides bound themselves (timeout,
// -1, --idle-timeout, -t) and a stop kills them by pid through execStoppable.
import type { KubeConfig } from '@kubernetes/client-node';
import { pause } from '../util/pause.js';
import { DebugContainerError, ensureDebugContainer } from '../kube/debugContainer.js';
import { ExecError, execStoppable, type ExecTarget, type StoppableResult } from '../kube/exec.js';
import { ApiError, getJson } from '../kube/request.js';
import { cleanText } from '../state/sanitize.js';
import { ProbeArgError } from './argv.js';
import type { DetectedTools } from './detect.js';
import { detectTools } from './detectRun.js';
import { createIperfParser, type IperfEvent } from './iperf.js';
import { IPERF_DEFAULT_DURATION_S, IPERF_DEFAULT_PORT, iperfClientArgv, iperfServerArgv } from './iperfArgv.js';
import type { BandwidthResult, EndReason, PodEnd, ProbeRequest, ProbeRun, RunEvent, RunOutcome } from './runner.js';

/** How long the server may take to say "Server listening" (exec handshake included). */
const SERVER_START_MS = 15_000;
/** After the client's summary, how long the one-off server may take to exit by itself. */
const SERVER_EXIT_MS = 3_000;

type StopReason = Extract<EndReason, 'stopped' | 'source-gone' | 'target-gone' | 'api-lost'>;

/** A run that cannot go on; becomes the outcome as it is. */
class Abort extends Error {
  constructor(readonly outcome: RunOutcome) {
    super(outcome.message ?? outcome.reason);
  }
}

interface PodJson {
  metadata: { uid?: string };
  spec?: { containers?: { name: string }[] };
  status?: { phase?: string; podIP?: string };
}

/** Where one side of the test runs. */
interface Side {
  role: 'source' | 'target';
  end: PodEnd;
  exec: ExecTarget;
  /** The container's name as shown to the user. */
  container: string;
  tools: DetectedTools | null;
  debug: boolean;
}

export function startBandwidth(kc: KubeConfig, req: ProbeRequest, onEvent: (e: RunEvent) => void): ProbeRun {
  const ctl = new AbortController();
  let stopped: { reason: StopReason; message?: string } | null = null;
  let finished = false;
  const done = runTest(kc, req, onEvent, ctl.signal, () => stopped)
    .catch((e: unknown): RunOutcome => (e instanceof Abort ? e.outcome : failure(e, stopped)))
    .then((outcome) => {
      finished = true;
      // A stop makes every step fail somehow (aborted exec, cancelled wait): the stop is the reason.
      if (stopped && outcome.reason !== 'completed') return { ...outcome, reason: stopped.reason, message: stopped.message ?? stoppedMessage(stopped.reason) };
      return outcome;
    });
  return {
    stop(reason = 'stopped', message) {
      if (stopped || finished) return;
      stopped = { reason, message };
      ctl.abort();
    },
    done,
  };
}

async function runTest(
  kc: KubeConfig,
  req: ProbeRequest,
  onEvent: (e: RunEvent) => void,
  signal: AbortSignal,
  stopped: () => { reason: StopReason; message?: string } | null,
): Promise<RunOutcome> {
  const target = req.targetPod;
  if (!target) throw new Abort(outcome('failed', 'A bandwidth test needs a target pod to start its iperf3 server in; pick a target pod.', { fault: 'usage' }));
  const port = req.port ?? IPERF_DEFAULT_PORT;
  const durationS = req.durationS ?? IPERF_DEFAULT_DURATION_S;
  let serverArgv: (withTimeout: boolean) => string[];
  let clientArgv: (withTimeout: boolean, host: string) => string[];
  try {
    // Checked before anything runs in a pod: a bad port or host must not leave a server behind.
    iperfServerArgv({ port, durationS, withTimeout: true });
    if (req.host) iperfClientArgv({ host: req.host, port, durationS, withTimeout: true });
    serverArgv = (withTimeout) => iperfServerArgv({ port, durationS, withTimeout });
    clientArgv = (withTimeout, host) => iperfClientArgv({ host, port, durationS, withTimeout });
  } catch (e) {
    if (e instanceof ProbeArgError) throw new Abort(outcome('failed', `Cannot start the bandwidth test: ${cleanText(e.message)}.`, { fault: 'usage' }));
    throw e;
  }

  onEvent({ type: 'progress', text: `looking for iperf3 in ${podName(req.source)} and ${podName(target)}` });
  const [srcPod, dstPod] = await Promise.all([getPod(kc, req.source, 'source', signal), getPod(kc, target, 'target', signal)]);
  const host = req.host || dstPod.status?.podIP;
  if (!host) throw new Abort(outcome('failed', `Cannot test bandwidth to ${podName(target)}: the pod has no IP yet; wait until it runs.`));
  const [client, server] = await Promise.all([
    findSide(kc, 'source', req.source, srcPod, req.container, signal),
    findSide(kc, 'target', target, dstPod, undefined, signal),
  ]);

  const needDebug = [client, server].filter((s) => !s.tools?.iperf3);
  if (needDebug.length > 0) {
    const names = needDebug.map((s) => podName(s.end)).join(' and ');
    const sentence = `${names} ${needDebug.length > 1 ? 'have' : 'has'} no iperf3`;
    if (req.debug === 'never' || req.readonly) {
      // podnet debug containers already running are used: that changes nothing in the pods.
      const reused = await Promise.all(needDebug.map((s) => useDebug(kc, s, { ...req, debug: 'never' }, onEvent, signal).then(() => true, () => false)));
      if (reused.some((ok) => !ok)) {
        const why = req.readonly ? 'podnet runs read-only (--readonly)' : 'adding a debug container was not allowed';
        const how = req.readonly ? '' : ' (podnet probe --debug; in the explorer, y)';
        throw new Abort(outcome('needs-debug', `Cannot test bandwidth from ${podName(req.source)} to ${podName(target)}: ${sentence}, and ${why}; allow podnet's debug containers to run iperf3 there${how}.`, req.readonly ? { fault: 'permission' } : {}));
      }
    } else {
      // Both debug containers at once: each is a patch and a wait for the kubelet.
      await Promise.all(needDebug.map((s) => useDebug(kc, s, req, onEvent, signal)));
    }
  }

  onEvent({ type: 'progress', text: `starting a one-off iperf3 server in ${where(server)} on port ${port}` });
  // Not tied to `signal`: on a stop the client goes first, so it ends with its own summary rather
  // than a reset from a server killed under it.
  const serverCtl = new AbortController();
  const stopServer = () => serverCtl.abort();
  const serverParser = createIperfParser('server');
  let serverError: string | null = null;
  let onListening!: () => void;
  const listening = new Promise<void>((resolve) => (onListening = resolve));
  const serverEvents = (events: IperfEvent[]) => {
    for (const e of events) {
      if (e.type === 'listening') onListening();
      if (e.type === 'error') serverError ??= e.message;
    }
  };
  const serverRun = execStoppable(kc, server.exec, serverArgv(server.tools!.timeout), {
    shell: server.tools!.shell,
    onStdout: (c) => serverEvents(serverParser.feed(c, 'stdout')),
    onStderr: (c) => serverEvents(serverParser.feed(c, 'stderr')),
    signal: serverCtl.signal,
  });
  // Settles once, whatever happens; the server's own failure is read from the parser.
  const serverEnded = serverRun.then((r) => ({ r, e: null as unknown }), (e: unknown) => ({ r: null as StoppableResult | null, e }));

  try {
    const start = await Promise.race([
      listening.then(() => 'listening' as const),
      serverEnded.then(() => 'ended' as const),
      pause(SERVER_START_MS, signal).then(() => (signal.aborted ? ('aborted' as const) : ('slow' as const))),
    ]);
    if (start === 'aborted') throw new Abort(outcome(stopped()!.reason, stopped()!.message ?? stoppedMessage(stopped()!.reason), { container: client.container }));
    if (start !== 'listening') {
      const ended = start === 'ended' ? await serverEnded : null;
      if (ended?.e) throw ended.e;
      const why = serverError ? cleanText(serverError) : start === 'slow' ? `it did not start listening within ${SERVER_START_MS / 1000} s` : 'it exited before listening';
      throw new Abort(outcome('failed', `The iperf3 server in ${where(server)} could not start on port ${port}: ${why}; try another port.`, { container: client.container }));
    }

    onEvent({ type: 'tool', tool: 'iperf3', container: client.container, note: `server in ${where(server)} on port ${port}` });
    onEvent({ type: 'progress', text: `measuring ${podName(req.source)} -> ${host}:${port} for ${durationS} s` });
    const parser = createIperfParser('client');
    const emit = (events: IperfEvent[]) => {
      for (const e of events) if (e.type === 'interval') onEvent({ type: 'bandwidth', interval: e.interval });
    };
    let clientRun: StoppableResult;
    try {
      clientRun = await execStoppable(kc, client.exec, clientArgv(client.tools!.timeout, host), {
        shell: client.tools!.shell,
        onStdout: (c) => emit(parser.feed(c, 'stdout')),
        onStderr: (c) => emit(parser.feed(c, 'stderr')),
        signal,
      });
    } catch (e) {
      throw execFailure(e, client, stopped());
    }
    const end = parser.end(clientRun.exitCode);
    emit(end.events);
    const result = end.result;
    const stop = stopped();
    if (stop) return outcome(stop.reason, stop.reason === 'stopped' ? null : stop.message ?? stoppedMessage(stop.reason), { result, container: client.container });
    if (clientRun.end === 'lost') {
      return outcome('api-lost', `The connection to the API server dropped during the bandwidth test; iperf3 in the pods ends by itself within ${durationS + 20} s.`, { result, container: client.container, fault: 'connection' });
    }
    if (result.ok) return outcome('completed', null, { result, container: client.container });
    return outcome('failed', failedMessage(req.source, target, host, port, result), { result, container: client.container });
  } finally {
    // The one-off server exits after its single test; give it a moment, then make sure.
    await Promise.race([serverEnded, pause(SERVER_EXIT_MS)]);
    stopServer();
    await serverEnded;
  }
}

async function getPod(kc: KubeConfig, end: PodEnd, role: 'source' | 'target', signal: AbortSignal): Promise<PodJson> {
  const path = `/api/v1/namespaces/${encodeURIComponent(end.namespace)}/pods/${encodeURIComponent(end.pod)}`;
  try {
    // A kept-alive connection the API server closed while idle fails the first GET on it with a
    // reset ("socket hang up"); a GET is safe to send once more.
    const pod = await getJson<PodJson>(kc, path, { signal, timeoutMs: 15_000 }).catch((e: unknown) => {
      if ((e as { code?: string })?.code !== 'ECONNRESET' || signal.aborted) throw e;
      return getJson<PodJson>(kc, path, { signal, timeoutMs: 15_000 });
    });
    if (pod.status?.phase !== 'Running') {
      throw new Abort(outcome(role === 'source' ? 'source-gone' : 'target-gone', `Cannot test bandwidth: ${podName(end)} is ${cleanText(pod.status?.phase ?? 'not running')}; wait until it runs.`));
    }
    return pod;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new Abort(outcome(role === 'source' ? 'source-gone' : 'target-gone', `Cannot test bandwidth: ${podName(end)} does not exist (404 Not Found).`));
    if (e instanceof ApiError && e.status === 403) throw new Abort(outcome('failed', `Cannot test bandwidth: you may not get ${podName(end)} (403 Forbidden).`, { fault: 'permission' }));
    throw e;
  }
}

/** The side's own container and what it has; tools stay null when the image has no shell. */
async function findSide(kc: KubeConfig, role: Side['role'], end: PodEnd, pod: PodJson, container: string | undefined, signal: AbortSignal): Promise<Side> {
  const name = container ?? pod.spec?.containers?.[0]?.name ?? '';
  const exec: ExecTarget = { namespace: end.namespace, pod: end.pod, container: name || undefined };
  try {
    const tools = await detectTools(kc, exec, { uid: pod.metadata.uid, signal });
    return { role, end, exec, container: name, tools: tools.shell ? tools : null, debug: false };
  } catch (e) {
    throw execFailure(e, { role, end, exec, container: name, tools: null, debug: false }, null);
  }
}

async function useDebug(kc: KubeConfig, side: Side, req: ProbeRequest, onEvent: (e: RunEvent) => void, signal: AbortSignal): Promise<void> {
  let name: string;
  try {
    name = await ensureDebugContainer(kc, side.end, {
      image: req.debugImage,
      readonly: req.readonly,
      reuseOnly: req.debug === 'never',
      signal,
      onProgress: (text) => onEvent({ type: 'progress', text: cleanText(text) }),
    });
  } catch (e) {
    if (e instanceof DebugContainerError) {
      if (e.kind === 'aborted') throw e;
      const needs = e.kind === 'readonly' || e.kind === 'forbidden';
      throw new Abort(outcome(needs ? 'needs-debug' : 'failed', e.message, needs ? { fault: 'permission' } : {}));
    }
    throw e;
  }
  side.exec = { namespace: side.end.namespace, pod: side.end.pod, container: name };
  side.container = name;
  side.debug = true;
  const tools = await detectTools(kc, side.exec, { signal }).catch((e: unknown) => {
    throw execFailure(e, side, null);
  });
  if (!tools.iperf3) throw new Abort(outcome('failed', `The debug container ${cleanText(name)} in ${podName(side.end)} has no iperf3; use a debug image that has it (such as nicolaka/netshoot).`));
  side.tools = tools;
}

function execFailure(e: unknown, side: Side, stop: { reason: StopReason; message?: string } | null): unknown {
  if (stop) return new Abort(outcome(stop.reason, stop.reason === 'stopped' ? null : stop.message ?? stoppedMessage(stop.reason), { container: side.container }));
  if (!(e instanceof ExecError)) return e;
  const message = `Cannot run iperf3 in ${podName(side.end)}: ${e.message}`;
  switch (e.kind) {
    case 'pod-not-found':
    case 'container-not-running':
      return new Abort(outcome(side.role === 'source' ? 'source-gone' : 'target-gone', e.message, { container: side.container }));
    case 'forbidden':
    case 'unauthorized':
      return new Abort(outcome('failed', e.message, { container: side.container, fault: 'permission' }));
    case 'unreachable':
    case 'timeout':
      return new Abort(outcome('api-lost', e.message, { container: side.container, fault: 'connection' }));
    default:
      return new Abort(outcome('failed', message, { container: side.container }));
  }
}

function failure(e: unknown, stop: { reason: StopReason; message?: string } | null): RunOutcome {
  if (stop) return outcome(stop.reason, stop.reason === 'stopped' ? null : stop.message ?? stoppedMessage(stop.reason));
  if (e instanceof DebugContainerError) return outcome('failed', e.message);
  if (e instanceof ApiError) return outcome('failed', `The bandwidth test failed: the API server answered ${e.status}${e.body?.message ? `: ${cleanText(e.body.message)}` : ''}.`, { fault: 'connection' });
  const text = cleanText((e as Error)?.message ?? String(e));
  const code = (e as { code?: string })?.code;
  if (code && /^E[A-Z]+$/.test(code)) return outcome('api-lost', `The bandwidth test stopped: cannot reach the API server (${text}).`, { fault: 'connection' });
  return outcome('failed', `The bandwidth test failed: ${text}.`);
}

function failedMessage(source: PodEnd, target: PodEnd, host: string, port: number, r: BandwidthResult): string {
  const err = cleanText(r.error ?? 'iperf3 failed').replace(/[.\s]+$/, '');
  const hint = /unable to connect/.test(err) ? `; check that nothing (a NetworkPolicy?) blocks TCP port ${port} into ${podName(target)}` : '';
  return `The bandwidth test from ${podName(source)} to ${cleanText(host)}:${port} failed: ${err}${hint}.`;
}

function stoppedMessage(reason: StopReason): string | null {
  switch (reason) {
    case 'stopped':
      return null;
    case 'source-gone':
      return 'The bandwidth test ended: the source pod went away.';
    case 'target-gone':
      return 'The bandwidth test ended: the target pod went away.';
    case 'api-lost':
      return 'The bandwidth test ended: the API server stopped answering.';
  }
}

function outcome(
  reason: EndReason,
  message: string | null,
  o: { result?: BandwidthResult; container?: string; fault?: RunOutcome['fault'] } = {},
): RunOutcome {
  return {
    reason,
    result: o.result ?? null,
    tool: o.result ? 'iperf3' : null,
    container: o.container ?? null,
    message,
    ranKind: 'bandwidth',
    ...(o.fault ? { fault: o.fault } : {}),
  };
}

const podName = (p: PodEnd) => `${cleanText(p.namespace)}/${cleanText(p.pod)}`;
const where = (s: Side) => (s.container ? `${podName(s.end)} (container ${cleanText(s.container)})` : podName(s.end));

