// What `d` shows about a pod: the networking part of `kubectl describe pod`, as plain,
// already-sanitized data (src/kube/describe.ts builds it; describeText.ts prints it).

export type ContainerStateDescription =
  | { kind: 'running'; startedMs: number | undefined }
  | { kind: 'waiting'; reason: string }
  | {
      kind: 'terminated';
      reason: string;
      message: string;
      exitCode: number;
      signal: number;
      startedMs: number | undefined;
      finishedMs: number | undefined;
    }
  | { kind: 'none' };

export interface ContainerDescription {
  name: string;
  image: string;
  ports: readonly { port: number; hostPort: number; protocol: string }[];
  /** Present when the kubelet reported a status for this container. */
  status?: {
    containerID: string;
    imageID: string;
    state: ContainerStateDescription;
    lastState: ContainerStateDescription;
    ready: boolean;
    restartCount: number;
  };
}

export interface EventDescription {
  type: string;
  reason: string;
  firstMs: number | undefined;
  lastMs: number | undefined;
  count: number;
  source: string;
  message: string;
}

export interface PodDescription {
  name: string;
  namespace: string;
  priority: number | undefined;
  priorityClassName: string;
  serviceAccount: string;
  node: string;
  hostIP: string;
  startMs: number | undefined;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  deletionMs: number | undefined;
  deletionGraceSeconds: number | undefined;
  phase: string;
  reason: string;
  message: string;
  ip: string;
  ips: readonly string[];
  controlledBy: string;
  nominatedNode: string;
  initContainers: readonly ContainerDescription[];
  containers: readonly ContainerDescription[];
  conditions: readonly { type: string; status: string }[];
  /** undefined when the events could not be listed (kubectl then omits the section). */
  events: readonly EventDescription[] | undefined;
}
