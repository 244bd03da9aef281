// Tool detection against a real container: one exec of DETECT_SCRIPT per pod and container,
// cached for the session (keyed by the pod's uid, so a restarted pod is asked again).
import type { KubeConfig } from '@kubernetes/client-node';
import { ExecError, execArgv, type ExecTarget } from '../kube/exec.js';
import { DETECT_ARGV, NO_TOOLS, parseDetection, type DetectedTools } from './detect.js';

const cache = new Map<string, Promise<DetectedTools>>();

export interface DetectOptions {
  /** The pod's uid when known: part of the cache key. */
  uid?: string;
  signal?: AbortSignal;
  /** Bound on the whole detection (default 20 s). */
  timeoutMs?: number;
}

/**
 * The container's tools. An image without sh (distroless) cannot run the script at all: the
 * runtime's "no such binary" answer means no tools, not an error. Other failures (403, pod gone)
 * throw the ExecError and are not cached.
 */
export function detectTools(kc: KubeConfig, target: ExecTarget, o: DetectOptions = {}): Promise<DetectedTools> {
  const key = [kc.getCurrentCluster()?.server, kc.getCurrentUser()?.name, target.namespace, target.pod, o.uid ?? '', target.container ?? ''].join('\0');
  let found = cache.get(key);
  if (!found) {
    found = runDetection(kc, target, o);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

/** Forgets every cached answer (tests; a context switch). */
export function clearToolCache(): void {
  cache.clear();
}

async function runDetection(kc: KubeConfig, target: ExecTarget, o: DetectOptions): Promise<DetectedTools> {
  let out = '';
  const signal = AbortSignal.any([AbortSignal.timeout(o.timeoutMs ?? 20_000), ...(o.signal ? [o.signal] : [])]);
  try {
    const r = await execArgv(kc, target, DETECT_ARGV, { onStdout: (c) => (out += c.toString('utf8')), signal });
    if (r.end !== 'exited') throw new ExecError(r.end === 'lost' ? 'unreachable' : 'timeout', `Tool detection in pod ${target.namespace}/${target.pod} did not finish (${r.end === 'lost' ? 'the connection dropped' : 'cancelled or timed out'}).`);
  } catch (e) {
    if (e instanceof ExecError && e.kind === 'no-such-binary') return NO_TOOLS;
    throw e;
  }
  return parseDetection(out);
}
