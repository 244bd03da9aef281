// A BOOKMARK carries an empty object of the watched kind with only its resourceVersion set; Go
// serializes the kind's zero value, so each kind has its own skeleton (k8s-reference/watch/01-*).
import type { KubeObject } from '../store/kubeObject.js';
import { apiVersionOf, type ResourceDef } from './resources.js';

const ZERO_BODIES: Record<string, Record<string, unknown>> = {
  pods: { spec: { containers: null }, status: {} },
  nodes: {
    spec: {},
    status: {
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        machineID: '', systemUUID: '', bootID: '', kernelVersion: '', osImage: '', containerRuntimeVersion: '',
        kubeletVersion: '', kubeProxyVersion: '', operatingSystem: '', architecture: '',
      },
    },
  },
  services: { spec: {}, status: { loadBalancer: {} } },
  namespaces: { spec: {}, status: {} },
  endpoints: {},
  events: {
    involvedObject: {}, reason: '', message: '', source: {}, firstTimestamp: null, lastTimestamp: null, type: '',
    eventTime: null, reportingComponent: '', reportingInstance: '',
  },
  endpointslices: { addressType: '', endpoints: null },
  networkpolicies: { spec: { podSelector: {} } },
};

export function bookmarkObject(def: ResourceDef, resourceVersion: string): KubeObject {
  return {
    kind: def.kind,
    apiVersion: apiVersionOf(def),
    metadata: { resourceVersion, creationTimestamp: null },
    ...(ZERO_BODIES[def.name] ?? {}),
  };
}
