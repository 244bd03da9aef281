// The scheduler and the kubelets of every lab node in one loop: bind pending pods to nodes, give
// them an IP from the node's pod CIDR, start them through the runtime, report status and events
// as a kubelet does, and finish graceful deletions.
import type { ObjectStore } from '../store/objectStore.js';
import { rfc3339 } from '../store/objectStore.js';
import type { KubeObject } from '../store/kubeObject.js';
import { IpPool } from './ipPool.js';
import { recordEvent } from './events.js';
import { creatingStatus, failedStatus, runningContainer, runningStatus, stoppedStatus } from './kubeletStatus.js';

type Json = Record<string, unknown>;

/** What actually runs a pod. Without pod networks, nothing runs and the pod only has an IP. */
export interface PodRuntime {
  start(pod: KubeObject, ip: string, node: KubeObject): Promise<void>;
  stop(pod: KubeObject): Promise<void>;
  /** Why a container of this image cannot start; runtimes without images leave it out. */
  imagePullError?(image: string): string | undefined;
}

export const apiOnlyRuntime: PodRuntime = { start: async () => {}, stop: async () => {} };

export interface KubeletOptions {
  store: ObjectStore;
  runtime: PodRuntime;
  clock: () => Date;
  /** Whether to record Scheduled/Pulled/Created/Started events (off for the scale scenario). */
  events: boolean;
}

export class Kubelets {
  private readonly pools = new Map<string, IpPool>();
  private nextNode = 0;
  private readonly starting = new Set<string>();
  private unsubscribe: () => void = () => {};

  constructor(private readonly o: KubeletOptions) {}

  start(): void {
    this.unsubscribe = this.o.store.subscribe((c) => {
      if (c.resource === 'pods' && c.type !== 'DELETED') queueMicrotask(() => this.reconcile(c.object));
      if (c.resource === 'pods' && c.type === 'DELETED') {
        this.release(c.object);
        // However a pod went (its namespace deleted, a force delete), what runs for it stops.
        void this.o.runtime.stop(c.object).catch(() => {});
      }
    });
    for (const pod of this.o.store.list('pods')) this.reconcile(pod);
  }

  stop(): void {
    this.unsubscribe();
  }

  /** The kubelet's part of a graceful delete: mark it, stop it, then remove it. */
  deletePod(pod: KubeObject, grace: number | undefined): boolean {
    const spec = pod.spec as Json;
    const seconds = grace ?? Number(spec.terminationGracePeriodSeconds ?? 30);
    if (!spec.nodeName || seconds === 0) {
      void this.o.runtime.stop(pod).catch(() => {});
      return true;
    }
    if (pod.metadata.deletionTimestamp) return false;
    const now = this.o.clock();
    const marked = this.o.store.update('pods', {
      ...pod,
      metadata: {
        ...pod.metadata,
        deletionTimestamp: rfc3339(new Date(now.getTime() + seconds * 1000)),
        deletionGracePeriodSeconds: seconds,
      },
    });
    if (this.o.events) recordEvent(this.o.store, this.o.clock, marked, 'Normal', 'Killing', `Stopping container ${containerNames(marked)[0]}`, 'kubelet');
    void this.o.runtime.stop(marked).catch(() => {}).finally(() => {
      const still = this.o.store.get('pods', marked.metadata.namespace, marked.metadata.name!);
      if (!still || still.metadata.uid !== marked.metadata.uid) return;
      // As a kubelet does: report the containers stopped, then remove the pod.
      this.o.store.update('pods', { ...still, status: stoppedStatus((still.status ?? {}) as Json, rfc3339(this.o.clock())) });
      this.o.store.remove('pods', marked.metadata.namespace, marked.metadata.name!);
    });
    return false;
  }

  private poolOf(nodeName: string): IpPool | undefined {
    const node = this.o.store.get('nodes', undefined, nodeName);
    if (!node) return undefined;
    let pool = this.pools.get(nodeName);
    if (!pool) {
      pool = new IpPool(String((node.spec as Json).podCIDR));
      this.pools.set(nodeName, pool);
    }
    return pool;
  }

  private reconcile(pod: KubeObject): void {
    const current = this.o.store.get('pods', pod.metadata.namespace, pod.metadata.name!);
    if (!current || current.metadata.uid !== pod.metadata.uid || current.metadata.deletionTimestamp) return;
    const spec = current.spec as Json;
    const status = (current.status ?? {}) as Json;
    if (!spec.nodeName) return this.schedule(current);
    if (status.phase === 'Pending' && !status.podIP) this.run(current);
    if (status.phase === 'Running') this.startEphemeral(current);
  }

  private schedulable(): KubeObject[] {
    return this.o.store.list('nodes').filter((n) => !(n.spec as Json).unschedulable);
  }

  private schedule(pod: KubeObject): void {
    const selector = ((pod.spec as Json).nodeSelector ?? {}) as Record<string, string>;
    const nodes = this.schedulable().filter((n) => Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v));
    if (!nodes.length) return;
    const node = nodes[this.nextNode++ % nodes.length]!;
    const bound = this.o.store.update('pods', { ...pod, spec: { ...(pod.spec as Json), nodeName: node.metadata.name } });
    if (this.o.events) {
      recordEvent(this.o.store, this.o.clock, bound, 'Normal', 'Scheduled',
        `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`, 'default-scheduler');
    }
  }

  private run(pod: KubeObject): void {
    const key = pod.metadata.uid!;
    if (this.starting.has(key)) return;
    const nodeName = String((pod.spec as Json).nodeName);
    const node = this.o.store.get('nodes', undefined, nodeName);
    const ip = this.poolOf(nodeName)?.allocate();
    if (!node || !ip) return;
    this.starting.add(key);
    const hostIP = internalIP(node);
    const startTime = rfc3339(this.o.clock());
    this.markCreating(pod, hostIP, startTime);
    void this.o.runtime
      .start(pod, ip, node)
      .then(() => this.markRunning(pod, ip, hostIP, startTime))
      .catch((e: Error) => {
        this.poolOf(nodeName)?.release(ip); // the pod never got its address
        this.markFailed(pod, e);
      })
      .finally(() => this.starting.delete(key));
  }

  /** Debug containers added to a running pod share its network; the kubelet reports them running. */
  private startEphemeral(pod: KubeObject): void {
    const wanted = ((pod.spec as Json).ephemeralContainers as Json[] | undefined) ?? [];
    const status = pod.status as Json;
    const have = (status.ephemeralContainerStatuses as Json[] | undefined) ?? [];
    const missing = wanted.filter((c) => !have.some((h) => h.name === c.name));
    if (!missing.length) return;
    const now = rfc3339(this.o.clock());
    const pullError = (c: Json) => this.o.runtime.imagePullError?.(String(c.image));
    // A debug image the runtime lacks stays waiting in ErrImagePull, as a kubelet reports it.
    const statuses = missing.map((c) => {
      const message = pullError(c);
      if (!message) return runningContainer(c, now, false);
      return { ...runningContainer(c, now, false), state: { waiting: { reason: 'ErrImagePull', message } }, imageID: '', containerID: undefined };
    });
    const updated = this.o.store.update('pods', { ...pod, status: { ...status, ephemeralContainerStatuses: [...have, ...statuses] } });
    this.recordStarted(updated, missing.filter((c) => !pullError(c)), 'ephemeralContainers');
    if (this.o.events) {
      for (const c of missing) {
        const message = pullError(c);
        if (message) recordEvent(this.o.store, this.o.clock, updated, 'Warning', 'Failed', message, 'kubelet', `spec.ephemeralContainers{${c.name}}`);
      }
    }
  }

  /** The kubelet's Pulled, Created and Started events for containers it has just started. */
  private recordStarted(pod: KubeObject, containers: Json[], field: 'containers' | 'ephemeralContainers'): void {
    if (!this.o.events) return;
    for (const c of containers) {
      const path = `spec.${field}{${c.name}}`;
      recordEvent(this.o.store, this.o.clock, pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, 'kubelet', path);
      recordEvent(this.o.store, this.o.clock, pod, 'Normal', 'Created', `Created container ${c.name}`, 'kubelet', path);
      recordEvent(this.o.store, this.o.clock, pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet', path);
    }
  }

  /** What a kubelet reports while it sets the sandbox up: Pending, ContainerCreating. */
  private markCreating(pod: KubeObject, hostIP: string, startTime: string): void {
    const containers = (pod.spec as Json).containers as Json[];
    this.o.store.update('pods', { ...pod, status: creatingStatus(containers, hostIP, startTime, rfc3339(this.o.clock())) });
  }

  private markRunning(pod: KubeObject, ip: string, hostIP: string, startTime: string): void {
    const current = this.o.store.get('pods', pod.metadata.namespace, pod.metadata.name!);
    if (!current || current.metadata.uid !== pod.metadata.uid) return;
    const containers = (current.spec as Json).containers as Json[];
    const status = runningStatus(containers, ip, hostIP, startTime, rfc3339(this.o.clock()));
    this.recordStarted(this.o.store.update('pods', { ...current, status }), containers, 'containers');
  }

  /** A pod that cannot start stays Pending with its containers waiting, and the reason, as a kubelet reports it. */
  private markFailed(pod: KubeObject, e: Error): void {
    const current = this.o.store.get('pods', pod.metadata.namespace, pod.metadata.name!);
    if (!current || current.metadata.uid !== pod.metadata.uid) return;
    const reason = e.name === 'ImagePullError' || e.constructor.name === 'ImagePullError' ? 'ErrImagePull' : 'CreateContainerError';
    const failed = this.o.store.update('pods', { ...current, status: failedStatus((current.status ?? {}) as Json, reason, e.message) });
    if (this.o.events) recordEvent(this.o.store, this.o.clock, failed, 'Warning', 'Failed', e.message, 'kubelet');
  }

  private release(pod: KubeObject): void {
    const ip = (pod.status as Json | undefined)?.podIP;
    const nodeName = (pod.spec as Json | undefined)?.nodeName;
    if (typeof ip === 'string' && typeof nodeName === 'string') this.pools.get(nodeName)?.release(ip);
  }
}

export function internalIP(node: KubeObject): string {
  const addresses = ((node.status as Json)?.addresses as { type: string; address: string }[]) ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
}

function containerNames(pod: KubeObject): string[] {
  return (((pod.spec as Json).containers as Json[]) ?? []).map((c) => String(c.name));
}
