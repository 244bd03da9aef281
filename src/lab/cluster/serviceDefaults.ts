// Services as the apiserver admits them: a ClusterIP from the service range, NodePorts from
// 30000-32767, and the defaults a v1.24 server fills (k8s-reference/get/service-web.json).
import { InvalidObject } from '../api/context.js';
import type { KubeObject } from '../store/kubeObject.js';

type Json = Record<string, unknown>;

export interface ServiceAllocator {
  clusterIP(requested?: string): string;
  nodePort(requested?: number): number;
  release(svc: KubeObject): void;
}

/** ClusterIPs from 10.96.0.0/16 (10.96.0.1 is `kubernetes`, 10.96.0.10 the cluster DNS). */
export function createServiceAllocator(): ServiceAllocator {
  const ips = new Set<string>();
  const ports = new Set<number>();
  let nextIp = 11;
  let nextPort = 30000;
  return {
    clusterIP(requested) {
      if (requested && requested !== 'None') {
        ips.add(requested);
        return requested;
      }
      while (ips.has(ipAt(nextIp))) nextIp++;
      const ip = ipAt(nextIp++);
      ips.add(ip);
      return ip;
    },
    nodePort(requested) {
      if (requested) {
        ports.add(requested);
        return requested;
      }
      while (ports.has(nextPort)) nextPort++;
      ports.add(nextPort);
      return nextPort++;
    },
    release(svc) {
      const spec = (svc.spec ?? {}) as Json;
      ips.delete(String(spec.clusterIP));
      for (const p of (spec.ports as Json[]) ?? []) if (p.nodePort) ports.delete(Number(p.nodePort));
    },
  };
}

function ipAt(n: number): string {
  return `10.96.${Math.floor(n / 256)}.${n % 256}`;
}

export function validateService(svc: KubeObject): void {
  const spec = (svc.spec ?? {}) as Json;
  const ports = (spec.ports as Json[] | undefined) ?? [];
  const causes: InvalidObject['causes'] = [];
  if (ports.length === 0 && spec.clusterIP !== 'None') {
    causes.push({ type: 'FieldValueRequired', field: 'spec.ports', detail: '' });
  }
  ports.forEach((p, i) => {
    const port = Number(p.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      causes.push({
        type: 'FieldValueInvalid', field: `spec.ports[${i}].port`, value: p.port,
        detail: 'must be between 1 and 65535, inclusive',
      });
    }
  });
  if (causes.length) throw new InvalidObject('Service', svc.metadata.name ?? '', causes);
}

export function defaultService(svc: KubeObject, alloc: ServiceAllocator): KubeObject {
  const spec = (svc.spec ?? {}) as Json;
  const type = (spec.type as string) ?? 'ClusterIP';
  const headless = spec.clusterIP === 'None';
  const clusterIP = headless ? 'None' : alloc.clusterIP(spec.clusterIP as string | undefined);
  const ports = ((spec.ports as Json[]) ?? []).map((p) => ({
    ...(p.name !== undefined ? { name: p.name } : {}),
    protocol: p.protocol ?? 'TCP',
    port: p.port,
    targetPort: p.targetPort ?? p.port,
    ...(type === 'NodePort' || type === 'LoadBalancer' ? { nodePort: alloc.nodePort(p.nodePort as number | undefined) } : {}),
  }));
  const out: Json = {
    ports,
    ...(spec.selector ? { selector: spec.selector } : {}),
    clusterIP,
    clusterIPs: [clusterIP],
    type,
    sessionAffinity: spec.sessionAffinity ?? 'None',
    ...(type === 'NodePort' || type === 'LoadBalancer' ? { externalTrafficPolicy: spec.externalTrafficPolicy ?? 'Cluster' } : {}),
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
  };
  for (const [k, v] of Object.entries(spec)) if (!(k in out)) out[k] = v;
  return { metadata: svc.metadata, spec: out, status: { loadBalancer: {} } };
}
