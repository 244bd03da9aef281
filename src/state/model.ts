// The domain as the explorer sees it: small, already-sanitized views of pods and nodes. Built by
// src/kube/toView.ts from API objects; everything else (state, rows, UI) only reads these.

export interface PodRef {
  namespace: string;
  name: string;
}

/** The one key builder for pods: "namespace/name". A restarted pod keeps its key (not its uid). */
export function podKey(ref: PodRef): string {
  return `${ref.namespace}/${ref.name}`;
}

export interface ContainerPortView {
  container: string;
  name: string;
  port: number;
  protocol: string;
}

export interface PodView {
  key: string;
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  /** status.podIP, '' while the pod has none. */
  ip: string;
  hostIP: string;
  /** spec.nodeName, '' while unscheduled. */
  node: string;
  phase: string;
  /** kubectl's Status column: Running, Completed, CrashLoopBackOff, Init:0/1, Terminating, ... */
  status: string;
  /** kubectl's Ready column, "1/2". */
  ready: string;
  restartCount: number;
  /** When the last restart finished (ms since epoch), for "3 (5m ago)". */
  lastRestartMs: number | undefined;
  createdMs: number | undefined;
  labels: Readonly<Record<string, string>>;
  ports: readonly ContainerPortView[];
}

export interface NodeView {
  name: string;
  uid: string;
  resourceVersion: string;
  /** kubectl's Status column: "Ready", "NotReady", "Ready,SchedulingDisabled". */
  status: string;
  roles: string;
  internalIP: string;
  podCIDR: string;
  createdMs: number | undefined;
}

/** Which namespace the pods pane watches: one namespace, or all of them (-A, `0`). */
export type NamespaceScope = { all: true } | { all: false; namespace: string };

export const allNamespaces: NamespaceScope = { all: true };
export const inNamespace = (namespace: string): NamespaceScope => ({ all: false, namespace });
export const scopeText = (s: NamespaceScope): string => (s.all ? 'all' : s.namespace);
