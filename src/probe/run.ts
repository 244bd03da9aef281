// The probe runner: tool detection in the source, the best tool (or a fallback, or podnet's debug
// container), the argv from argv.ts, exec, and the streaming parser, joined into RunEvents as
// lines arrive. Whatever ends it (completion, stop(), the pod or the API going away, a watchdog),
// the command in the pod is ended too (execStoppable) and `done` settles.
import type { KubeConfig } from '@kubernetes/client-node';
import { DebugContainerError, ensureDebugContainer } from '../kube/debugContainer.js';
import { ExecError, execStoppable, describeTarget, type ExecTarget } from '../kube/exec.js';
import { cleanText } from '../state/sanitize.js';
import { buildArgv, DEFAULT_TIMEOUT_S, ProbeArgError, type ProbeSpec } from './argv.js';
import { chooseTool, type DetectedTools, type ToolChoice } from './detect.js';
import { detectTools } from './detectRun.js';
import { parserFor, type ProbeResult } from './index.js';
import { startBandwidth } from './runBandwidth.js';
import type { EndReason, ProbeRequest, ProbeRun, RunEvent, RunOutcome } from './runner.js';
import { TOOL_LABEL, type ProbeKind } from './types.js';

/** A ping "until stopped" still needs a bound in the pod, should podnet die without stopping it: one hour's worth. */
export const CONTINUOUS_PING_S = 3600;
/** Port for the TCP connect that stands in for ping when the source has no ping. */
export const FALLBACK_PORT = 80;

type StopReason = Extract<EndReason, 'stopped' | 'source-gone' | 'target-gone' | 'api-lost'>;

export function startProbe(kc: KubeConfig, req: ProbeRequest, onEvent: (e: RunEvent) => void): ProbeRun {
  if (req.kind === 'bandwidth') return startBandwidth(kc, req, onEvent);
  const abort = new AbortController();
  let stopped: { reason: StopReason | 'failed'; message?: string } | null = null;
  const stop = (reason: StopReason | 'failed', message?: string) => {
    if (stopped) return;
    stopped = { reason, message };
    abort.abort();
  };
  const done = runProbe(kc, req, req.kind, onEvent, abort.signal, () => stopped).catch((e: unknown): RunOutcome => ({
    reason: 'failed',
    result: null,
    tool: null,
    container: null,
    message: `The probe failed unexpectedly: ${cleanText((e as Error)?.message ?? String(e))}.`,
  }));
  return { stop: (reason = 'stopped', message) => stop(reason, message), done };
}

async function runProbe(
  kc: KubeConfig,
  req: ProbeRequest,
  kind: ProbeKind,
  onEvent: (e: RunEvent) => void,
  signal: AbortSignal,
  stopped: () => { reason: StopReason | 'failed'; message?: string } | null,
): Promise<RunOutcome> {
  const base = { result: null, tool: null, container: req.container ?? null } as const;
  const pod: ExecTarget = { namespace: req.source.namespace, pod: req.source.pod, container: req.container };
  const ended = (): RunOutcome | null => {
    const s = stopped();
    return s ? { ...base, reason: s.reason, message: s.message ?? stopSentence(s.reason, req) } : null;
  };

  let tools: DetectedTools;
  try {
    tools = await detectTools(kc, pod, { signal });
  } catch (e) {
    return ended() ?? execFailure(e, base, 'source');
  }
  if (ended()) return ended()!;
  let container = req.container ?? '';
  let choice: ToolChoice = chooseTool(tools, kind);
  if (!choice.tool) {
    // A podnet debug container already running in the pod is used even when adding one is not
    // allowed (or with --readonly): using it changes nothing.
    try {
      container = await ensureDebugContainer(kc, req.source, {
        image: req.debugImage, readonly: req.readonly, reuseOnly: req.debug === 'never', signal, onProgress: (text) => onEvent({ type: 'progress', text }),
      });
    } catch (e) {
      if (ended()) return ended()!;
      const err = e as DebugContainerError;
      if (err.kind === 'not-allowed') {
        return { ...base, reason: 'needs-debug', message: `Cannot ${kindText(kind)} from ${describeTarget(pod)}: ${choice.note}; allow podnet's ephemeral debug container to probe from it (podnet probe --debug).` };
      }
      const permission = err.kind === 'readonly' || err.kind === 'forbidden';
      return { ...base, reason: permission ? 'needs-debug' : err.kind === 'pod-not-found' ? 'source-gone' : 'failed', message: err.message, fault: permission ? 'permission' : undefined };
    }
    const debugPod = { ...pod, container };
    try {
      tools = await detectTools(kc, debugPod, { signal });
    } catch (e) {
      return ended() ?? execFailure(e, { ...base, container }, 'source');
    }
    choice = chooseTool(tools, kind);
    if (!choice.tool) return { ...base, container, reason: 'failed', message: `The debug container ${cleanText(container)} has no tool for this probe either (${choice.note}); pass a debug image with ${kind === 'dns' ? 'nslookup' : 'ping, curl and nc'}.` };
  }
  if (ended()) return ended()!;

  let spec: ProbeSpec;
  try {
    spec = specFor(req, choice);
    buildArgv(spec);
  } catch (e) {
    if (!(e instanceof ProbeArgError)) throw e;
    return { ...base, container, tool: choice.tool, reason: 'failed', message: `Cannot run the probe: ${cleanText(e.message)}.`, fault: 'usage' };
  }
  const argv = buildArgv(spec);
  const tool = choice.tool;
  const note = choice.note;
  onEvent(note ? { type: 'tool', tool, container, note } : { type: 'tool', tool, container });

  const parser = parserFor(spec);
  const emit = (events: ReturnType<typeof parser.feed>) => {
    for (const event of events) onEvent({ type: 'probe', event });
  };
  // Bounded kinds are bounded in the pod by their own timeouts; this is the backstop if a tool is not.
  const limitS = watchdogS(spec);
  const inner = new AbortController();
  let overran = false;
  const watchdog = limitS === null ? undefined : setTimeout(() => {
    overran = true;
    inner.abort();
  }, limitS * 1000);
  watchdog?.unref();
  const onStop = () => inner.abort();
  signal.addEventListener('abort', onStop, { once: true });
  const target = { ...pod, container: container || undefined };
  let exitCode: number | null = null;
  let end: 'exited' | 'aborted' | 'lost' = 'aborted';
  try {
    const r = await execStoppable(kc, target, argv, {
      shell: tools.shell,
      signal: inner.signal,
      onStdout: (c) => emit(parser.feed(c, 'stdout')),
      onStderr: (c) => emit(parser.feed(c, 'stderr')),
    });
    exitCode = r.exitCode;
    end = r.end;
  } catch (e) {
    const out = ended() ?? execFailure(e, { ...base, container, tool }, 'source');
    return { ...out, ranKind: spec.kind, note };
  } finally {
    clearTimeout(watchdog);
    signal.removeEventListener('abort', onStop);
  }
  const { events, result } = parser.end(exitCode);
  emit(events);
  const common = { result: result as ProbeResult, tool, container, ranKind: spec.kind, note };
  const s = stopped();
  if (s) return { ...common, reason: s.reason, message: s.message ?? stopSentence(s.reason, req) };
  if (overran) return { ...common, reason: 'failed', message: `The ${TOOL_LABEL[tool]} probe did not finish within ${limitS} s and was stopped.` };
  if (end === 'lost') return { ...common, reason: 'api-lost', message: 'The connection to the API server dropped while the probe ran; the command in the pod was cut off.', fault: 'connection' };
  return { ...common, reason: 'completed', message: null };
}

/** The spec for the chosen tool; a ping that fell back to TCP connects to req.port or port 80. */
export function specFor(req: ProbeRequest, choice: Extract<ToolChoice, { tool: string }>): ProbeSpec {
  const timeoutS = req.timeoutS;
  switch (choice.kind) {
    case 'ping': {
      const intervalS = req.intervalS ?? 1;
      const count = req.count ?? Math.max(1, Math.round(CONTINUOUS_PING_S / intervalS));
      return { kind: 'ping', tool: choice.tool as Extract<ProbeSpec, { kind: 'ping' }>['tool'], host: req.host, count, intervalS, timeoutS };
    }
    case 'http':
      return { kind: 'http', tool: choice.tool as Extract<ProbeSpec, { kind: 'http' }>['tool'], host: req.host, port: req.port ?? 80, path: req.path, timeoutS };
    case 'tcp': {
      const port = req.port ?? (req.kind === 'ping' ? FALLBACK_PORT : undefined);
      if (port === undefined) throw new ProbeArgError('a TCP probe needs a port');
      return { kind: 'tcp', tool: choice.tool as Extract<ProbeSpec, { kind: 'tcp' }>['tool'], host: req.host, port, timeoutS };
    }
    case 'dns':
      return { kind: 'dns', tool: 'busybox-nslookup', name: req.host };
  }
}

/** Seconds after which a run is stopped as hung: generous against the tool's own bounds. Null: none. */
export function watchdogS(spec: ProbeSpec): number | null {
  const t = spec.kind === 'dns' ? DEFAULT_TIMEOUT_S : Math.ceil(spec.timeoutS ?? DEFAULT_TIMEOUT_S);
  switch (spec.kind) {
    case 'ping':
      return Math.ceil(spec.count * (spec.intervalS ?? 1) + t + 30);
    case 'http':
      return Math.ceil(spec.maxTimeS ?? t * 2) + 30;
    case 'tcp':
      return t + 30;
    case 'dns':
      // busybox nslookup walks the search path, a few seconds per name when the server is silent.
      return 60;
  }
}

function kindText(kind: ProbeKind): string {
  return kind === 'dns' ? 'look up a name' : kind === 'http' ? 'make an HTTP request' : kind === 'tcp' ? 'test a TCP port' : 'ping';
}

function stopSentence(reason: StopReason | 'failed', req: ProbeRequest): string | null {
  const src = `${req.source.namespace}/${req.source.pod}`;
  switch (reason) {
    case 'stopped':
      return null;
    case 'source-gone':
      return `The source pod ${cleanText(src)} was deleted or restarted; the probe ended.`;
    case 'target-gone':
      return `The target ${req.targetPod ? `pod ${cleanText(`${req.targetPod.namespace}/${req.targetPod.pod}`)}` : cleanText(req.host)} was deleted or restarted; the probe ended.`;
    case 'api-lost':
      return 'The API server stopped answering; the probe ended.';
    case 'failed':
      return 'The probe failed.';
  }
}

function execFailure(e: unknown, base: Pick<RunOutcome, 'result' | 'tool' | 'container'>, _role: 'source'): RunOutcome {
  if (!(e instanceof ExecError)) throw e;
  switch (e.kind) {
    case 'pod-not-found':
    case 'container-not-running':
      return { ...base, reason: 'source-gone', message: e.message };
    case 'forbidden':
    case 'unauthorized':
      return { ...base, reason: 'failed', message: e.message, fault: 'permission' };
    case 'container-not-found':
      return { ...base, reason: 'failed', message: e.message, fault: 'usage' };
    case 'unreachable':
    case 'timeout':
      return { ...base, reason: 'api-lost', message: e.message, fault: 'connection' };
    default:
      return { ...base, reason: 'failed', message: e.message };
  }
}
