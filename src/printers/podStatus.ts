// The Ready / Status / Restarts columns of a pod and the Status / Roles columns of a node, as
// kube-apiserver's printers compute them (kubernetes pkg/printers/internalversion/printers.go:
// printPod, printNode, findNodeRoles). Current upstream logic, including sidecar (restartable
// init) containers and the SchedulingGated reason.
//
// The input types are structural and loose on purpose: they accept objects as stored (JSON, with
// nulls) and @kubernetes/client-node's V1Pod / V1Node (Date timestamps), so the TUI can share them.

import { humanDuration, timestampMillis, type Timestamp } from './duration.js';

export interface ContainerStateLike {
  waiting?: { reason?: string | null } | null;
  running?: object | null;
  terminated?: {
    reason?: string | null;
    exitCode?: number | null;
    signal?: number | null;
    finishedAt?: Timestamp;
  } | null;
}

export interface ContainerStatusLike {
  name: string;
  ready?: boolean | null;
  started?: boolean | null;
  restartCount?: number | null;
  state?: ContainerStateLike | null;
  lastState?: ContainerStateLike | null;
}

export interface PodConditionLike {
  type: string;
  status: string;
  reason?: string | null;
}

export interface PodLike {
  metadata?: { deletionTimestamp?: Timestamp } | null;
  spec?: {
    containers?: readonly unknown[] | null;
    initContainers?: readonly { name: string; restartPolicy?: string | null }[] | null;
  } | null;
  status?: {
    phase?: string | null;
    reason?: string | null;
    conditions?: readonly PodConditionLike[] | null;
    initContainerStatuses?: readonly ContainerStatusLike[] | null;
    containerStatuses?: readonly ContainerStatusLike[] | null;
  } | null;
}

export interface PodSummary {
  /** Ready column, "1/2". */
  ready: string;
  /** Status column, "Running", "Init:0/1", "CrashLoopBackOff", "Terminating", ... */
  status: string;
  /** Restarts column, "0" or "3 (5m ago)". */
  restarts: string;
  readyContainers: number;
  totalContainers: number;
  restartCount: number;
  /** Latest lastState.terminated.finishedAt among the containers counted, ms since epoch. */
  lastRestartMs: number | undefined;
}

/** node.NodeUnreachablePodReason: set by the node lifecycle controller on pods of a lost node. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const isRestartable = (c: { restartPolicy?: string | null } | undefined): boolean => c?.restartPolicy === 'Always';

// isPodInitializedConditionTrue: the first Initialized condition decides.
const initializedTrue = (conds: readonly PodConditionLike[] | null | undefined): boolean =>
  (conds ?? []).find((c) => c.type === 'Initialized')?.status === 'True';

// hasPodReadyCondition: any Ready condition that is True.
const readyTrue = (conds: readonly PodConditionLike[] | null | undefined): boolean =>
  (conds ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function lastTerminatedMs(c: ContainerStatusLike): number | undefined {
  return timestampMillis(c.lastState?.terminated?.finishedAt);
}

const later = (a: number | undefined, b: number | undefined): number | undefined =>
  b !== undefined && (a === undefined || b > a) ? b : a;

/** Everything printPod derives from a pod, in one pass, exactly in printPod's order of precedence. */
export function summarizePod(pod: PodLike, now: Date): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs = new Map((spec.initContainers ?? []).map((c) => [c.name, c] as const));
  let totalContainers = (spec.containers ?? []).length;
  for (const c of spec.initContainers ?? []) if (isRestartable(c)) totalContainers++;

  const phase = status.phase ?? '';
  let reason = status.reason ? status.reason : phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let restarts = 0;
  let sidecarRestarts = 0;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, lastTerminatedMs(c));
    const sidecar = isRestartable(initSpecs.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, lastTerminatedMs(c));
    }
    const terminated = c.state?.terminated;
    const waitingReason = c.state?.waiting?.reason;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      reason = terminated.reason
        ? `Init:${terminated.reason}`
        : terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (waitingReason && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initializedTrue(status.conditions)) {
    // Once initialized, only sidecars' restarts still count among the init containers.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Backwards, so the first container's state wins the Status column.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, lastTerminatedMs(c));
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting && waiting.reason) reason = waiting.reason;
      else if (terminated && terminated.reason) reason = terminated.reason;
      else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose main container completed but a sidecar still runs is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = readyTrue(status.conditions) ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp != null && pod.metadata.deletionTimestamp !== '';
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsText = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;
  }
  return {
    ready: `${readyContainers}/${totalContainers}`,
    status: reason,
    restarts: restartsText,
    readyContainers,
    totalContainers,
    restartCount: restarts,
    lastRestartMs: lastRestart,
  };
}

/** Status column of `kubectl get pods`. Needs no clock; `now` is accepted for symmetry. */
export function podStatusText(pod: PodLike, now: Date = new Date(0)): string {
  return summarizePod(pod, now).status;
}

/** Ready column, "ready/total". */
export function podReadyText(pod: PodLike): string {
  return summarizePod(pod, new Date(0)).ready;
}

/** Restarts column: "0", or "3 (5m ago)" from the latest lastState.terminated.finishedAt. */
export function podRestartsText(pod: PodLike, now: Date): string {
  return summarizePod(pod, now).restarts;
}

export { nodeRolesText, nodeRoles, nodeStatusText, type NodeLike } from './nodeStatus.js';
