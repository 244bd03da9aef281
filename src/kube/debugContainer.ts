// podnet's ephemeral debug container: added to a pod through the pods/ephemeralcontainers
// subresource (as `kubectl debug` does), reused while one is running, waited for until the kubelet
// reports it running. Ephemeral containers can never be removed from a pod, so the container runs
// a bounded `sleep` and a later probe adds a fresh one once it has ended.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { pause } from '../util/pause.js';
import { cleanText } from '../state/sanitize.js';
import { ApiError, getJson } from './request.js';

export const DEFAULT_DEBUG_IMAGE = 'nicolaka/netshoot';
/** Names podnet gives its debug containers: the prefix is how a running one is found again. */
export const DEBUG_PREFIX = 'podnet-debug';
/** How long an added debug container lives (seconds); probes after that add a new one. */
export const DEBUG_LIFETIME_S = 3600;

export interface DebugContainerOptions {
  image?: string;
  /** --readonly: never add one (a running podnet debug container is still reused: that changes nothing). */
  readonly?: boolean;
  /** Only reuse a running podnet debug container; never add one (the user did not allow it). */
  reuseOnly?: boolean;
  /** How long to wait for the container to run (default 60 s). */
  timeoutMs?: number;
  onProgress?: (text: string) => void;
  signal?: AbortSignal;
}

export type DebugErrorKind = 'readonly' | 'not-allowed' | 'forbidden' | 'pod-not-found' | 'unsupported' | 'image' | 'timeout' | 'aborted' | 'failed';

export class DebugContainerError extends Error {
  constructor(readonly kind: DebugErrorKind, message: string) {
    super(message);
  }
}

interface ContainerStatus {
  name: string;
  image?: string;
  state?: { running?: object; waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } };
}
interface PodJson {
  metadata: { uid?: string };
  spec?: { ephemeralContainers?: { name: string; image?: string }[] };
  status?: { phase?: string; ephemeralContainerStatuses?: ContainerStatus[] };
}

/** Returns the name of a running podnet debug container in the pod, adding one when none runs. */
export async function ensureDebugContainer(kc: KubeConfig, target: { namespace: string; pod: string }, o: DebugContainerOptions = {}): Promise<string> {
  const image = o.image ?? DEFAULT_DEBUG_IMAGE;
  const where = `pod ${cleanText(target.namespace)}/${cleanText(target.pod)}`;
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}`;
  const get = () => getJson<PodJson>(kc, path, { signal: o.signal, timeoutMs: 15_000 }).catch((e) => {
    throw apiFailure(e, 'get', where);
  });
  const pod = await get();
  if (pod.status?.phase !== 'Running') throw new DebugContainerError('failed', `Cannot add a debug container to ${where}: the pod is ${pod.status?.phase ?? 'not running'}.`);
  const reuse = runningDebug(pod, image);
  if (reuse) return reuse;
  if (o.readonly) {
    throw new DebugContainerError('readonly', `Cannot add a debug container to ${where}: podnet runs read-only (--readonly), and that would change the pod.`);
  }
  if (o.reuseOnly) throw new DebugContainerError('not-allowed', `${where} has no podnet debug container running, and adding one was not allowed.`);

  const taken = new Set((pod.spec?.ephemeralContainers ?? []).map((c) => c.name));
  let n = 1;
  while (taken.has(`${DEBUG_PREFIX}-${n}`)) n++;
  const name = `${DEBUG_PREFIX}-${n}`;
  o.onProgress?.(`adding debug container ${name} (${image}) to ${where}`);
  const body = {
    spec: {
      ephemeralContainers: [{
        name,
        image,
        command: ['sleep', String(DEBUG_LIFETIME_S)],
        stdin: false,
        tty: false,
        terminationMessagePolicy: 'File',
      }],
    },
  };
  try {
    await kc.makeApiClient(CoreV1Api).patchNamespacedPodEphemeralcontainers(
      { namespace: target.namespace, name: target.pod, body },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
  } catch (e) {
    throw apiFailure(e, 'patch', where);
  }

  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  let said = '';
  for (;;) {
    if (o.signal?.aborted) throw new DebugContainerError('aborted', `Adding a debug container to ${where} was cancelled.`);
    const now = await get();
    if (now.metadata.uid !== pod.metadata.uid) throw new DebugContainerError('pod-not-found', `Cannot add a debug container to ${where}: the pod was replaced meanwhile.`);
    const st = now.status?.ephemeralContainerStatuses?.find((c) => c.name === name);
    if (st?.state?.running) return name;
    const waiting = st?.state?.waiting;
    if (waiting?.reason && /ImagePullBackOff|ErrImagePull|InvalidImageName/.test(waiting.reason)) {
      throw new DebugContainerError('image', `The debug container in ${where} cannot start: image ${cleanText(image)} cannot be pulled (${cleanText(waiting.reason)}); pass another image.`);
    }
    if (st?.state?.terminated) {
      throw new DebugContainerError('failed', `The debug container in ${where} ended at once (${cleanText(st.state.terminated.reason ?? `exit code ${st.state.terminated.exitCode}`)}).`);
    }
    const text = `waiting for debug container ${name}: ${cleanText(waiting?.reason ?? 'not started yet')}`;
    if (text !== said) o.onProgress?.((said = text));
    if (Date.now() > deadline) {
      throw new DebugContainerError('timeout', `The debug container ${name} in ${where} was not running after ${Math.round((o.timeoutMs ?? 60_000) / 1000)} s (${cleanText(waiting?.reason ?? 'no status')}).`);
    }
    await pause(400, o.signal);
  }
}

/** A podnet debug container with this image that the kubelet reports running, if any. */
export function runningDebug(pod: PodJson, image: string): string | undefined {
  const specs = pod.spec?.ephemeralContainers ?? [];
  return pod.status?.ephemeralContainerStatuses?.find((s) =>
    s.name.startsWith(`${DEBUG_PREFIX}-`) && s.state?.running && specs.find((c) => c.name === s.name)?.image === image)?.name;
}

function apiFailure(e: unknown, verb: 'get' | 'patch', where: string): DebugContainerError {
  if (e instanceof DebugContainerError) return e;
  const err = e as { name?: string; code?: number; body?: unknown; message?: string };
  if (err?.name === 'AbortError') return new DebugContainerError('aborted', `Adding a debug container to ${where} was cancelled.`);
  const status = e instanceof ApiError ? e.status : typeof err?.code === 'number' ? err.code : undefined;
  const message = e instanceof ApiError ? e.body?.message ?? '' : bodyMessage(err?.body);
  if (status === 403) {
    const who = /User "([^"]*)"/.exec(message)?.[1];
    const what = verb === 'patch' ? 'patch pods/ephemeralcontainers' : 'get pods';
    return new DebugContainerError('forbidden', `Cannot add a debug container to ${where}: ${who ? `user "${cleanText(who)}"` : 'you'} may not ${what} (403 Forbidden).`);
  }
  if (status === 404) {
    return verb === 'patch' && /the server could not find the requested resource/.test(message)
      ? new DebugContainerError('unsupported', `Cannot add a debug container to ${where}: this cluster does not serve pods/ephemeralcontainers (Kubernetes 1.23+ needed).`)
      : new DebugContainerError('pod-not-found', `Cannot add a debug container to ${where}: the pod does not exist (404 Not Found).`);
  }
  if (status !== undefined && status > 0) {
    return new DebugContainerError('failed', `Cannot add a debug container to ${where}: the API server answered ${status}${message ? `: ${cleanText(message.split('\n')[0]!)}` : ''}.`);
  }
  return new DebugContainerError('failed', `Cannot add a debug container to ${where}: ${cleanText((err?.message ?? String(e)).split('\n')[0]!)}.`);
}

function bodyMessage(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? '';
    } catch {
      return body;
    }
  }
  return (body as { message?: string } | undefined)?.message ?? '';
}

