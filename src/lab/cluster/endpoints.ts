// The EndpointSlice and Endpoints controllers: every Service with a selector gets one slice and
// one Endpoints object listing the pods it selects, ready or not, kept in step as pods change.
import type { ObjectStore } from '../store/objectStore.js';
import type { KubeObject } from '../store/kubeObject.js';
import { randomSuffix } from '../store/names.js';

type Json = Record<string, unknown>;

export class EndpointsController {
  private dirty = new Set<string>();
  private scheduled = false;
  private unsubscribe: () => void = () => {};

  constructor(private readonly store: ObjectStore) {}

  start(): void {
    this.unsubscribe = this.store.subscribe((c) => {
      if (c.resource === 'pods' || c.resource === 'services') this.markDirty(c.object.metadata.namespace!);
    });
    for (const svc of this.store.list('services')) this.markDirty(svc.metadata.namespace!);
  }

  stop(): void {
    this.unsubscribe();
  }

  // Batched: a burst of pod changes in one namespace costs one pass over its Services.
  private markDirty(namespace: string): void {
    this.dirty.add(namespace);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const namespaces = [...this.dirty];
      this.dirty.clear();
      for (const ns of namespaces) this.syncNamespace(ns);
    });
  }

  private syncNamespace(namespace: string): void {
    const services = this.store.list('services', namespace);
    const pods = this.store.list('pods', namespace);
    for (const svc of services) {
      const selector = (svc.spec as Json).selector as Record<string, string> | undefined;
      if (!selector || Object.keys(selector).length === 0) continue;
      const selected = pods.filter((p) => matches(selector, p.metadata.labels) && (p.status as Json)?.podIP);
      this.syncSlice(svc, selected);
      this.syncEndpoints(svc, selected);
    }
    for (const slice of this.store.list('endpointslices', namespace)) {
      const owner = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (owner && !this.store.get('services', namespace, owner)) this.store.remove('endpointslices', namespace, slice.metadata.name!);
    }
    for (const ep of this.store.list('endpoints', namespace)) {
      if (!this.store.get('services', namespace, ep.metadata.name!)) this.store.remove('endpoints', namespace, ep.metadata.name!);
    }
  }

  private syncSlice(svc: KubeObject, pods: KubeObject[]): void {
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    const existing = this.store
      .list('endpointslices', ns)
      .find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
    // The controller always writes the port's name, "" when unnamed (kubectl describe relies on it).
    const ports = servicePorts(svc).map((p) => ({
      name: p.name ?? '',
      protocol: p.protocol,
      port: resolvePort(p.targetPort, pods[0]),
    }));
    const body = {
      addressType: 'IPv4',
      endpoints: pods.map((p) => ({
        addresses: [String((p.status as Json).podIP)],
        conditions: { ready: isReady(p), serving: isReady(p), terminating: Boolean(p.metadata.deletionTimestamp) },
        targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
        nodeName: (p.spec as Json).nodeName,
        ...zoneOf(this.store, String((p.spec as Json).nodeName)),
      })),
      ports,
    };
    if (existing) {
      if (JSON.stringify({ e: existing.endpoints, p: existing.ports }) === JSON.stringify({ e: body.endpoints, p: body.ports })) return;
      this.store.update('endpointslices', {
        ...existing, metadata: { ...existing.metadata, generation: (existing.metadata.generation ?? 1) + 1 }, ...body,
      });
      return;
    }
    this.store.create('endpointslices', {
      metadata: {
        name: `${name}-${randomSuffix()}`,
        generateName: `${name}-`,
        namespace: ns,
        generation: 1,
        labels: {
          ...(svc.metadata.labels ?? {}),
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
          'kubernetes.io/service-name': name,
        },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      ...body,
    });
  }

  private syncEndpoints(svc: KubeObject, pods: KubeObject[]): void {
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    const address = (p: KubeObject) => ({
      ip: String((p.status as Json).podIP),
      nodeName: (p.spec as Json).nodeName,
      targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
    });
    const ready = pods.filter((p) => isReady(p) && !p.metadata.deletionTimestamp);
    const notReady = pods.filter((p) => !ready.includes(p));
    const ports = servicePorts(svc).map((p) => ({
      ...(p.name !== undefined ? { name: p.name } : {}),
      port: resolvePort(p.targetPort, pods[0]),
      protocol: p.protocol,
    }));
    const subsets = pods.length
      ? [{
          ...(ready.length ? { addresses: ready.map(address) } : {}),
          ...(notReady.length ? { notReadyAddresses: notReady.map(address) } : {}),
          ports,
        }]
      : undefined;
    const existing = this.store.get('endpoints', ns, name);
    const body = subsets ? { subsets } : {};
    if (existing) {
      if (JSON.stringify(existing.subsets) === JSON.stringify(body.subsets)) return;
      const { subsets: _old, ...rest } = existing;
      this.store.update('endpoints', { ...rest, ...body } as KubeObject);
      return;
    }
    this.store.create('endpoints', { metadata: { name, namespace: ns, labels: svc.metadata.labels }, ...body });
  }
}

interface ServicePort {
  name?: string;
  protocol: string;
  port: number;
  targetPort: number | string;
}

function servicePorts(svc: KubeObject): ServicePort[] {
  return (((svc.spec as Json).ports as ServicePort[]) ?? []);
}

/** A named targetPort is the container port of that name in the selected pods. */
function resolvePort(target: number | string, pod: KubeObject | undefined): number {
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of ((pod?.spec as Json | undefined)?.containers as Json[]) ?? []) {
    for (const p of (c.ports as Json[]) ?? []) if (p.name === target) return Number(p.containerPort);
  }
  return 0;
}

function zoneOf(store: ObjectStore, nodeName: string): { zone?: string } {
  const zone = store.get('nodes', undefined, nodeName)?.metadata.labels?.['topology.kubernetes.io/zone'];
  return zone ? { zone } : {};
}

function isReady(pod: KubeObject): boolean {
  const conditions = ((pod.status as Json)?.conditions as { type: string; status: string }[]) ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

