// Which pod a forward goes to, decided from what the watches hold (pure, no client): a pod
// target sticks to its pod while it is Ready, else takes the pod of that name again once it is
// (a restart) or a Ready pod with the same labels (its controller's replacement); a Service
// target takes a ready endpoint of its EndpointSlices, with the Service port resolved to the
// endpoint pod's port (named targetPorts from the pod's spec).

export interface PodInfo {
  name: string;
  uid: string;
  ip: string;
  labels: Readonly<Record<string, string>>;
  /** Running, Ready condition true, not being deleted, with an IP. */
  ready: boolean;
  phase: string;
  ports: readonly { name: string; port: number }[];
}

export interface ServicePortInfo {
  name: string;
  port: number;
  /** A number, a container port's name, or undefined (= port). */
  targetPort: number | string | undefined;
}

export interface ServiceInfo {
  name: string;
  selector: Readonly<Record<string, string>>;
  ports: readonly ServicePortInfo[];
}

export interface EndpointInfo {
  /** targetRef's pod name. */
  pod: string;
  ready: boolean;
}

export interface Choice {
  pod: PodInfo;
  port: number;
}

// Labels a controller puts on each pod or revision: a replacement may differ in them.
const PER_POD_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']);

export function identityLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !PER_POD_LABELS.has(k)));
}

export function hasLabels(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/**
 * The pod a pod target goes to now. `current` is the pod name in use (kept while Ready),
 * `wantedName` the one the user named, `labels` its identity labels as first seen (empty: no
 * replacement is looked for, as a bare pod with no labels has no controller to replace it).
 */
export function choosePod(pods: Iterable<PodInfo>, wantedName: string, labels: Readonly<Record<string, string>>, current: string | null): PodInfo | null {
  let named: PodInfo | null = null;
  let sticky: PodInfo | null = null;
  const twins: PodInfo[] = [];
  const matchTwins = Object.keys(labels).length > 0;
  for (const p of pods) {
    if (!p.ready) continue;
    if (p.name === current) sticky = p;
    if (p.name === wantedName) named = p;
    else if (matchTwins && hasLabels(identityLabels(p.labels), labels) && Object.keys(identityLabels(p.labels)).length === Object.keys(labels).length) twins.push(p);
  }
  if (sticky) return sticky;
  if (named) return named;
  twins.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return twins[0] ?? null;
}

/** The pod port a Service port reaches on `pod`, or a sentence when it cannot be resolved. */
export function resolveTargetPort(svcPort: ServicePortInfo, pod: PodInfo): number | string {
  const t = svcPort.targetPort;
  if (t === undefined || t === '' || t === 0) return svcPort.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  const named = pod.ports.find((p) => p.name === t);
  return named ? named.port : `pod ${pod.name} has no container port named "${t}"`;
}

/** A Ready endpoint pod of the Service (the current one while it stays ready), with its port. */
export function chooseEndpoint(
  svcPort: ServicePortInfo, endpoints: Iterable<EndpointInfo>, pods: ReadonlyMap<string, PodInfo>, current: string | null,
): Choice | null {
  const ready: PodInfo[] = [];
  for (const e of endpoints) {
    const pod = pods.get(e.pod);
    if (e.ready && pod?.ready) ready.push(pod);
  }
  ready.sort((a, b) => (a.name === current ? -1 : b.name === current ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const pod of ready) {
    const port = resolveTargetPort(svcPort, pod);
    if (typeof port === 'number') return { pod, port };
  }
  return null;
}

/** The Service port the user asked for: by number, or by name. */
export function findServicePort(svc: ServiceInfo, wanted: number | string): ServicePortInfo | undefined {
  return svc.ports.find((p) => (typeof wanted === 'number' ? p.port === wanted : p.name === wanted));
}

/** A pod port the user asked for by name, from the pod's declared container ports. */
export function findPodPort(pod: PodInfo, wanted: number | string): number | undefined {
  if (typeof wanted === 'number') return wanted;
  return pod.ports.find((p) => p.name === wanted)?.port;
}
