// Services and EndpointSlices (JSON as the apiserver sends it) -> the small views the services pane
// keeps. Everything drawn later is sanitized here, once; the rest of each object is dropped.
import { cleanText } from '../state/sanitize.js';
import { cleanMap, type ObjectMetaJson } from './toView.js';
import type { EndpointSliceView, ServiceView } from '../state/servicesModel.js';

export type { EndpointSliceView, ServiceView };

export interface ServiceJson {
  metadata?: ObjectMetaJson;
  spec?: {
    type?: string;
    clusterIP?: string;
    selector?: Record<string, string> | null;
    ports?: { name?: string; port: number; protocol?: string; targetPort?: number | string; nodePort?: number }[] | null;
  };
}

export interface EndpointSliceJson {
  metadata?: ObjectMetaJson;
  endpoints?: {
    addresses?: string[] | null;
    conditions?: { ready?: boolean | null } | null;
    targetRef?: { kind?: string; namespace?: string; name?: string } | null;
  }[] | null;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The identity every view carries: key, uid, namespace, name, resourceVersion. */
function identity(m: ObjectMetaJson = {}) {
  const namespace = cleanText(m.namespace);
  const name = cleanText(m.name);
  return { key: `${namespace}/${name}`, uid: m.uid ?? '', namespace, name, resourceVersion: m.resourceVersion ?? '' };
}

export function serviceView(svc: ServiceJson): ServiceView {
  const selector = svc.spec?.selector && Object.keys(svc.spec.selector).length > 0 ? cleanMap(svc.spec.selector) : undefined;
  return {
    ...identity(svc.metadata),
    type: cleanText(svc.spec?.type) || 'ClusterIP',
    clusterIP: cleanText(svc.spec?.clusterIP),
    selector,
    ports: (svc.spec?.ports ?? []).map((p) => ({
      name: cleanText(p.name),
      port: p.port,
      protocol: cleanText(p.protocol) || 'TCP',
      // The apiserver defaults targetPort to port; a named one stays a name until a pod resolves it.
      targetPort: typeof p.targetPort === 'string' ? cleanText(p.targetPort) : p.targetPort ?? p.port,
      nodePort: p.nodePort || undefined,
    })),
  };
}

export function endpointSliceView(slice: EndpointSliceJson): EndpointSliceView {
  const id = identity(slice.metadata);
  const namespace = id.namespace;
  return {
    ...id,
    service: cleanText(slice.metadata?.labels?.[SERVICE_NAME_LABEL]),
    endpoints: (slice.endpoints ?? []).map((e) => ({
      addresses: (e.addresses ?? []).map(cleanText),
      ready: e.conditions?.ready !== false,
      pod: e.targetRef?.kind === 'Pod' && e.targetRef.name
        ? { namespace: cleanText(e.targetRef.namespace) || namespace, name: cleanText(e.targetRef.name) }
        : undefined,
    })),
  };
}
