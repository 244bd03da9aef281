// Older API versions the lab still serves, as conversions from the stored (current) version.
import type { KubeObject } from '../store/kubeObject.js';

type Json = Record<string, unknown>;

/** discovery.k8s.io/v1beta1 keeps an endpoint's node and zone in a `topology` map. */
export function endpointSliceV1beta1(slice: KubeObject): KubeObject {
  const endpoints = (slice.endpoints as Json[] | null | undefined)?.map((e) => {
    const { nodeName, zone, hints: _hints, ...rest } = e;
    const topology: Record<string, unknown> = {};
    if (nodeName) topology['kubernetes.io/hostname'] = nodeName;
    if (zone) topology['topology.kubernetes.io/zone'] = zone;
    return { ...rest, ...(Object.keys(topology).length ? { topology } : {}) };
  });
  return { ...slice, ...(endpoints ? { endpoints } : {}) };
}
