// API objects -> the little the forward manager needs to follow a pod or a Service's endpoints.
// Names are kept raw here (the API server validates them; they go back into URLs); whatever is
// shown to a user is cleaned where it is printed.
import type { EndpointInfo, PodInfo, ServiceInfo } from './follow.js';

export interface PodJson {
  metadata?: { name?: string; uid?: string; labels?: Record<string, string> | null; deletionTimestamp?: string | null };
  spec?: { containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] | null }[] | null };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] | null };
}

export interface ServiceJson {
  metadata?: { name?: string };
  spec?: { selector?: Record<string, string> | null; ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string }[] | null };
}

export interface EndpointSliceJson {
  metadata?: { name?: string; labels?: Record<string, string> | null };
  endpoints?: { conditions?: { ready?: boolean | null } | null; targetRef?: { kind?: string; name?: string } | null }[] | null;
}

export function podInfo(p: PodJson): PodInfo {
  const phase = p.status?.phase ?? '';
  const readyCondition = p.status?.conditions?.find((c) => c.type === 'Ready');
  const ip = p.status?.podIP ?? '';
  const ports: { name: string; port: number }[] = [];
  for (const c of p.spec?.containers ?? []) {
    for (const port of c.ports ?? []) if ((port.protocol ?? 'TCP') === 'TCP') ports.push({ name: port.name ?? '', port: port.containerPort });
  }
  return {
    name: p.metadata?.name ?? '',
    uid: p.metadata?.uid ?? '',
    ip,
    labels: p.metadata?.labels ?? {},
    // A pod without conditions (some test clusters) counts as ready once Running.
    ready: phase === 'Running' && !p.metadata?.deletionTimestamp && ip !== '' && (readyCondition ? readyCondition.status === 'True' : true),
    phase: p.metadata?.deletionTimestamp ? 'Terminating' : phase,
    ports,
  };
}

export function serviceInfo(s: ServiceJson): ServiceInfo {
  return {
    name: s.metadata?.name ?? '',
    selector: s.spec?.selector ?? {},
    ports: (s.spec?.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => ({ name: p.name ?? '', port: p.port, targetPort: p.targetPort })),
  };
}

export interface SliceInfo {
  name: string;
  service: string;
  endpoints: EndpointInfo[];
}

export function sliceInfo(s: EndpointSliceJson): SliceInfo {
  return {
    name: s.metadata?.name ?? '',
    service: s.metadata?.labels?.['kubernetes.io/service-name'] ?? '',
    endpoints: (s.endpoints ?? [])
      .filter((e) => e.targetRef?.kind === 'Pod' && e.targetRef.name)
      // ready unset means ready, as kube-proxy reads it.
      .map((e) => ({ pod: e.targetRef!.name!, ready: e.conditions?.ready !== false })),
  };
}
