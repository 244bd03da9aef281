// Reads of the state for the probe console: what a key would probe (the plan: source, target,
// host, port, and the Service VIP beside the pod IP), which ports to offer, and which runs must
// end because their pods went away. Pure.
import type { AppState } from './reducer.js';
import { podKey, type PodView } from './model.js';
import type { ConsolePlan, ProbeEnd, RunPlan } from './probeActions.js';
import type { EndReason, ProbeRequest, RunKind } from '../probe/runner.js';
import { servicesFronting, type FrontingService } from './servicesSelectors.js';

export const DEFAULT_HTTP_PORT = 80;
export const BANDWIDTH_SECONDS = 10;
/** DNS lookups per `n`: the target's first Services' names, then its IP. */
const MAX_DNS_RUNS = 3;

const end = (p: PodView): ProbeEnd => ({ namespace: p.namespace, name: p.name, uid: p.uid, ip: p.ip, node: p.node });

/** The marked source and target as they are now, or why a probe cannot start. */
export function probeEnds(s: AppState): { source: ProbeEnd; target: ProbeEnd; targetPod: PodView } | { error: string } {
  const { source, target } = s.view.marks;
  if (!source || !target) return { error: 'Mark a source pod (s) and a target pod (t) first.' };
  const src = s.pods.byKey.get(podKey(source));
  const dst = s.pods.byKey.get(podKey(target));
  if (!src) return { error: `The source pod ${source.name} is not in the pod list any more; mark another with s.` };
  if (!dst) return { error: `The target pod ${target.name} is not in the pod list any more; mark another with t.` };
  if (!dst.ip) return { error: `The target pod ${dst.name} has no IP yet (${dst.status}); wait for it to run.` };
  return { source: end(src), target: end(dst), targetPod: dst };
}

/** The target's TCP container ports from its spec, in order, without repeats. */
export function targetPorts(p: PodView): number[] {
  return [...new Set(p.ports.filter((x) => x.protocol === 'TCP' || x.protocol === '').map((x) => x.port))];
}

/** Ports offered for HTTP: the declared ones, else 80. */
export function httpPorts(p: PodView): number[] {
  const ports = targetPorts(p);
  return ports.length ? ports : [DEFAULT_HTTP_PORT];
}

/** The Service VIP and port that send to `port` of the target (the first Service that does). */
function vipFor(services: readonly FrontingService[], port: number): { svc: FrontingService; port: number } | undefined {
  for (const svc of services) {
    if (!svc.clusterIP || svc.clusterIP === 'None') continue;
    const p = svc.ports.find((x) => x.targetPort === port && x.protocol === 'TCP');
    if (p) return { svc, port: p.port };
  }
  return undefined;
}

/** Whether probes from this source go through podnet's debug container (the user allowed it once). */
const debugFor = (s: AppState, source: ProbeEnd): ProbeRequest['debug'] => (s.probe.debugFrom.has(source.uid) ? 'use' : 'never');

/** What `kind` (to `port` for tcp/http) would run now, or why it cannot. */
export function planFor(s: AppState, kind: RunKind, port?: number): ConsolePlan | { error: string } {
  const ends = probeEnds(s);
  if ('error' in ends) return ends;
  const { source, target, targetPod } = ends;
  const src = { namespace: source.namespace, pod: source.name };
  const debug = debugFor(s, source);
  const base = { source: src, debug, readonly: s.session.readonly } as const;
  const services = servicesFronting(s, target);
  let runs: RunPlan[];
  switch (kind) {
    case 'ping':
      // A ClusterIP answers no ping (kube-proxy forwards TCP/UDP only), so ping probes the pod alone.
      runs = [{ label: `pod ${target.ip}`, req: { ...base, kind, host: target.ip } }];
      break;
    case 'http':
    case 'tcp': {
      const p = port ?? (kind === 'http' ? httpPorts(targetPod)[0]! : targetPorts(targetPod)[0]);
      if (p === undefined) return { error: `${target.name} declares no TCP container port to connect to.` };
      const extra = kind === 'http' ? { path: '/' } : {};
      runs = [{ label: `pod ${target.ip}:${p}`, req: { ...base, ...extra, kind, host: target.ip, port: p } }];
      const vip = vipFor(services, p);
      if (vip) runs.push({ label: `svc ${vip.svc.name} ${vip.svc.clusterIP}:${vip.port}`, req: { ...base, ...extra, kind, host: vip.svc.clusterIP, port: vip.port } });
      break;
    }
    case 'dns': {
      const names = services.map((x) => `${x.name}.${x.namespace}.svc.cluster.local`).slice(0, MAX_DNS_RUNS - 1);
      runs = [...names.map((n) => ({ label: n, req: { ...base, kind, host: n } })), { label: `PTR ${target.ip}`, req: { ...base, kind, host: target.ip } }];
      break;
    }
    case 'bandwidth':
      runs = [{
        label: `pod ${target.ip}`,
        req: { ...base, kind, host: target.ip, targetPod: { namespace: target.namespace, pod: target.name }, durationS: BANDWIDTH_SECONDS },
      }];
      break;
  }
  return { kind, source, target, runs };
}

export interface RunsToEnd {
  runIds: number[];
  reason: Extract<EndReason, 'source-gone' | 'target-gone' | 'api-lost'>;
  message: string;
}

/**
 * Runs still going whose source or target is gone (deleted, or a new pod under the same name),
 * or whose pod list can no longer be trusted (the pods watch failed): they must end, with why.
 */
export function runsToEnd(s: AppState): RunsToEnd | undefined {
  const c = s.probe.console;
  const live = c?.runs.filter((r) => r.status === 'running').map((r) => r.id) ?? [];
  if (!c || live.length === 0) return undefined;
  const watch = s.session.watches.pods;
  if (watch.state === 'failed') {
    return { runIds: live, reason: 'api-lost', message: `stopped: the pod list is not live any more (${watch.message ?? 'the watch failed'})` };
  }
  const scope = s.session.info?.scope;
  if (!s.pods.synced || !scope) return undefined;
  const judge = (e: ProbeEnd, which: 'source' | 'target'): RunsToEnd | undefined => {
    // A pod outside the namespace shown cannot be seen: say nothing rather than guess.
    if (!scope.all && scope.namespace !== e.namespace) return undefined;
    const now = s.pods.byKey.get(podKey(e));
    const reason = which === 'source' ? 'source-gone' : 'target-gone';
    if (!now) return { runIds: live, reason, message: `stopped: the ${which} pod ${e.name} was deleted` };
    if (now.uid !== e.uid) return { runIds: live, reason, message: `stopped: the ${which} pod ${e.name} was replaced by a new pod${now.ip ? ` (IP ${now.ip})` : ''}` };
    if (now.ip !== e.ip) return { runIds: live, reason, message: `stopped: the ${which} pod ${e.name} restarted${now.ip ? ` with a new IP ${now.ip}` : ' and has no IP now'}` };
    return undefined;
  };
  return judge(c.source, 'source') ?? judge(c.target, 'target');
}
