// Reads of the Services state: which Services front a pod (selector match, named targetPorts
// resolved from the pod's container ports, readiness from the EndpointSlices), the pod the pane is
// about, the URLs a user can open, and the rows the pane's cursor moves over. Pure.
import type { ForwardTarget, ForwardView } from '../forward/types.js';
import type { AppState } from './reducer.js';
import { podKey, type PodRef, type PodView } from './model.js';
import { memoize } from './memo.js';
import { selectedPod } from './selectors.js';
import { cursorIndex } from './slices/view.js';
import { hostPort, sameTarget, type EndpointSliceView, type ServiceView } from './servicesModel.js';

export interface FrontingPort {
  name: string;
  port: number;
  protocol: string;
  /** The pod's port the Service sends to; null when a named targetPort is not a port of this pod. */
  targetPort: number | null;
  /** The name when the Service gives the targetPort by name ("http"). */
  targetPortName: string | undefined;
  nodePort: number | null;
}

export interface FrontingService {
  key: string;
  name: string;
  namespace: string;
  type: string;
  clusterIP: string;
  ports: FrontingPort[];
  /** The pod is a ready endpoint in the Service's EndpointSlices. */
  ready: boolean;
  /** The pod is in the Service's EndpointSlices at all (ready or not). */
  listed: boolean;
}

/** Does `selector` (a Service's, non-empty) select a pod with these labels? */
export function selects(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** A Service port's targetPort on this pod: a number as is, a name looked up in the pod's container ports. */
export function resolveTargetPort(target: number | string, protocol: string, pod: PodView): number | null {
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const named = pod.ports.find((p) => p.name === target && p.protocol === protocol);
  return named ? named.port : null;
}

function endpointOf(slices: Iterable<EndpointSliceView>, svc: ServiceView, pod: PodView): { listed: boolean; ready: boolean } {
  let listed = false;
  let ready = false;
  for (const slice of slices) {
    if (slice.namespace !== svc.namespace || slice.service !== svc.name) continue;
    for (const e of slice.endpoints) {
      // targetRef names the pod; without one, the address is the pod's IP.
      const mine = e.pod ? e.pod.namespace === pod.namespace && e.pod.name === pod.name : pod.ip !== '' && e.addresses.includes(pod.ip);
      if (!mine) continue;
      listed = true;
      ready ||= e.ready;
    }
  }
  return { listed, ready };
}

const frontingMemo = memoize((services: ReadonlyMap<string, ServiceView>, slices: ReadonlyMap<string, EndpointSliceView>, pod: PodView | undefined): FrontingService[] => {
  if (!pod) return [];
  const out: FrontingService[] = [];
  for (const svc of services.values()) {
    if (svc.namespace !== pod.namespace || !selects(svc.selector, pod.labels)) continue;
    const { listed, ready } = endpointOf(slices.values(), svc, pod);
    out.push({
      key: svc.key,
      name: svc.name,
      namespace: svc.namespace,
      type: svc.type,
      clusterIP: svc.clusterIP,
      ports: svc.ports.map((p) => ({
        name: p.name,
        port: p.port,
        protocol: p.protocol,
        targetPort: resolveTargetPort(p.targetPort, p.protocol, pod),
        targetPortName: typeof p.targetPort === 'string' && !/^\d+$/.test(p.targetPort) ? p.targetPort : undefined,
        nodePort: p.nodePort ?? null,
      })),
      ready,
      listed,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
});

/** Every Service whose selector matches the pod (none while the pod is unknown), by name. */
export function servicesFronting(s: AppState, ref: PodRef): FrontingService[] {
  return frontingMemo(s.services.services, s.services.slices, s.pods.byKey.get(podKey(ref)));
}

/** The pod the pane is about: the target mark, else the pod under the cursor in the pods pane. */
export function servicesSubject(s: AppState): { pod: PodView; why: 'target' | 'selected' } | undefined {
  const t = s.view.marks.target;
  const target = t ? s.pods.byKey.get(podKey(t)) : undefined;
  if (target) return { pod: target, why: 'target' };
  const p = selectedPod(s);
  return p ? { pod: p, why: 'selected' } : undefined;
}

export interface ServiceUrls {
  /** ClusterIP:port, reachable from inside the cluster. */
  inside: string[];
  /** Node InternalIP:nodePort for every node (the `minikube service --url` answer). */
  nodes: string[];
}

const scheme = (port: number) => (port === 443 || port === 8443 ? 'https' : 'http');

export function serviceUrls(svc: FrontingService, nodeIPs: readonly string[]): ServiceUrls {
  const tcp = svc.ports.filter((p) => p.protocol === 'TCP');
  const hasIP = svc.clusterIP !== '' && svc.clusterIP !== 'None';
  return {
    inside: hasIP ? tcp.map((p) => `${scheme(p.port)}://${hostPort(svc.clusterIP, p.port)}`) : [],
    nodes: tcp.flatMap((p) => (p.nodePort ? nodeIPs.map((ip) => `${scheme(p.port)}://${hostPort(ip, p.nodePort!)}`) : [])),
  };
}

/** The forward's local URL once it listens. */
export function forwardUrl(f: ForwardView): string | undefined {
  if (f.localPort === null) return undefined;
  return `${scheme(f.spec.remotePort)}://${hostPort(f.spec.address, f.localPort)}`;
}

/** Forwards that are running or trying to (stopped ones are history). */
export const liveForwards = (s: AppState): ForwardView[] => s.services.forwards.filter((f) => f.state !== 'stopped');

export const nodeInternalIPs = memoize((byKey: AppState['nodes']['byKey']) =>
  [...byKey.values()].map((n) => n.internalIP).filter((ip) => ip !== ''));

export interface ServicesPaneModel {
  subject: ReturnType<typeof servicesSubject>;
  services: FrontingService[];
  forwards: readonly ForwardView[];
  /** The rows the cursor moves over: "svc:<key>" per Service, then "fwd:<id>" per forward. */
  keys: string[];
}

const keysMemo = memoize((services: FrontingService[], forwards: readonly ForwardView[]) =>
  [...services.map((x) => `svc:${x.key}`), ...forwards.map((f) => `fwd:${f.id}`)]);

export function servicesPane(s: AppState): ServicesPaneModel {
  const subject = servicesSubject(s);
  const services = subject ? servicesFronting(s, subject.pod) : [];
  const forwards = s.services.forwards;
  return { subject, services, forwards, keys: keysMemo(services, forwards) };
}

/** What the cursor is on in the pane: a Service, a forward, or nothing. */
export function servicesSelection(s: AppState): { service: FrontingService } | { forward: ForwardView } | undefined {
  const m = servicesPane(s);
  const key = m.keys[cursorIndex(s.services.cursor, m.keys)];
  if (key?.startsWith('svc:')) {
    const service = m.services.find((x) => `svc:${x.key}` === key);
    return service ? { service } : undefined;
  }
  if (key?.startsWith('fwd:')) {
    const forward = m.forwards.find((f) => `fwd:${f.id}` === key);
    return forward ? { forward } : undefined;
  }
  return undefined;
}

/** The forward already set up for this target and remote port, if any (what `f` toggles off). */
export function existingForward(s: AppState, target: ForwardTarget, remotePort: number): ForwardView | undefined {
  return liveForwards(s).find((f) => sameTarget(f.spec.target, target) && f.spec.remotePort === remotePort);
}
