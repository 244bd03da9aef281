// The pod status a kubelet writes at each step (creating, running, stopped, failed), as pure
// functions of the pod and the time, shared by the kubelets and the API-only scale scenario.
import { randomBytes } from 'node:crypto';

type Json = Record<string, unknown>;

const condition = (type: string, status: string, now: string, extra: Json = {}) => ({
  type, status, lastProbeTime: null, lastTransitionTime: now, ...extra,
});

/** Pending with every container waiting in ContainerCreating, while the sandbox is set up. */
export function creatingStatus(containers: Json[], hostIP: string, startTime: string, now: string): Json {
  const notReady = { reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` };
  return {
    phase: 'Pending',
    conditions: [
      condition('Initialized', 'True', now), condition('Ready', 'False', now, notReady),
      condition('ContainersReady', 'False', now, notReady), condition('PodScheduled', 'True', now),
    ],
    hostIP,
    startTime,
    containerStatuses: containers.map((c) => ({
      name: c.name, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false,
      restartCount: 0, image: c.image, imageID: '', started: false,
    })),
    qosClass: 'BestEffort',
  };
}

export function runningStatus(containers: Json[], ip: string, hostIP: string, startTime: string, now: string): Json {
  return {
    phase: 'Running',
    conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((t) => condition(t, 'True', now)),
    hostIP,
    podIP: ip,
    podIPs: [{ ip }],
    startTime,
    containerStatuses: containers.map((c) => ({ ...runningContainer(c, now, true), started: true })),
    qosClass: 'BestEffort',
  };
}

export function runningContainer(c: Json, now: string, ready: boolean): Json {
  const image = fullImage(String(c.image));
  return {
    name: c.name,
    state: { running: { startedAt: now } },
    lastState: {},
    ready,
    restartCount: 0,
    image,
    imageID: `${image.split(':')[0]}@sha256:${randomBytes(32).toString('hex')}`,
    containerID: `containerd://${randomBytes(32).toString('hex')}`,
  };
}

/** Containers terminated and the pod not ready, as reported just before a deleted pod goes away. */
export function stoppedStatus(status: Json, now: string): Json {
  const notReady = (c: { type: string }) =>
    c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', lastTransitionTime: now } : c;
  return {
    ...status,
    conditions: ((status.conditions as { type: string }[]) ?? []).map(notReady),
    containerStatuses: ((status.containerStatuses as Json[]) ?? []).map((c) => ({
      ...c,
      state: {
        terminated: {
          exitCode: 0, reason: 'Completed', startedAt: ((c.state as Json)?.running as Json | undefined)?.startedAt ?? now,
          finishedAt: now, containerID: c.containerID,
        },
      },
      ready: false,
      started: false,
    })),
  };
}

/** Containers left waiting with the reason they cannot start (ErrImagePull, CreateContainerError). */
export function failedStatus(status: Json, reason: string, message: string): Json {
  const statuses = ((status.containerStatuses as Json[]) ?? []).map((c) => ({ ...c, state: { waiting: { reason, message } } }));
  return { ...status, containerStatuses: statuses };
}

/** The reference a runtime reports for an image: registry and tag made explicit. */
export function fullImage(image: string): string {
  const withTag = /:[^/]+$/.test(image) ? image : `${image}:latest`;
  const first = withTag.split('/')[0]!;
  if (!withTag.includes('/')) return `docker.io/library/${withTag}`;
  return first.includes('.') || first.includes(':') ? withTag : `docker.io/${withTag}`;
}
