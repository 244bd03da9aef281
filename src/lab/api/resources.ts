import type { KubeObject } from '../store/kubeObject.js';
import { endpointSliceV1beta1 } from './versions.js';

// The resource types the lab serves. Discovery, routing and storage all read this one table, so a
// resource the lab lists in discovery is always one it can store and watch.

export interface SubresourceDef {
  name: string;
  kind: string;
  verbs: string[];
}

export interface ResourceDef {
  group: string; // '' for the core group
  version: string;
  name: string; // plural, as in URLs
  kind: string;
  listKind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
  subresources: SubresourceDef[];
  /** For a version other than the stored one: how a stored object reads in this version. */
  fromStorage?: (obj: KubeObject) => KubeObject;
  /** Served read-only (an older version kept for older clients). */
  readOnly?: boolean;
}

const writeVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

// Verbs, short names and hashes as a v1.24 apiserver lists them (k8s-reference/discovery).
export const RESOURCES: ResourceDef[] = [
  {
    group: '', version: 'v1', name: 'endpoints', kind: 'Endpoints', listKind: 'EndpointsList', namespaced: true,
    verbs: writeVerbs, shortNames: ['ep'], storageVersionHash: 'fWeeMqaN/OA=', subresources: [],
  },
  {
    group: '', version: 'v1', name: 'events', kind: 'Event', listKind: 'EventList', namespaced: true,
    verbs: writeVerbs, shortNames: ['ev'], storageVersionHash: 'r2yiGXH7wu8=', subresources: [],
  },
  {
    group: '', version: 'v1', name: 'namespaces', kind: 'Namespace', listKind: 'NamespaceList', namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'],
    storageVersionHash: 'Q3oi5N2YM8M=',
    subresources: [{ name: 'status', kind: 'Namespace', verbs: ['get', 'patch', 'update'] }],
  },
  {
    group: '', version: 'v1', name: 'nodes', kind: 'Node', listKind: 'NodeList', namespaced: false,
    verbs: writeVerbs, shortNames: ['no'], storageVersionHash: 'XwShjMxG9Fs=',
    subresources: [{ name: 'status', kind: 'Node', verbs: ['get', 'patch', 'update'] }],
  },
  {
    group: '', version: 'v1', name: 'pods', kind: 'Pod', listKind: 'PodList', namespaced: true,
    verbs: writeVerbs, shortNames: ['po'], categories: ['all'], storageVersionHash: 'xPOwRZ+Yhw8=',
    subresources: [
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    ],
  },
  {
    group: '', version: 'v1', name: 'services', kind: 'Service', listKind: 'ServiceList', namespaced: true,
    verbs: writeVerbs, shortNames: ['svc'], categories: ['all'], storageVersionHash: '0/CO1lhkEBI=',
    subresources: [{ name: 'status', kind: 'Service', verbs: ['get', 'patch', 'update'] }],
  },
  {
    group: 'discovery.k8s.io', version: 'v1', name: 'endpointslices', kind: 'EndpointSlice',
    listKind: 'EndpointSliceList', namespaced: true, verbs: writeVerbs, storageVersionHash: 'Nx3SIv6I0mE=',
    subresources: [],
  },
  {
    // kubectl 1.20 describes EndpointSlices through v1beta1, which a v1.24 apiserver still serves.
    group: 'discovery.k8s.io', version: 'v1beta1', name: 'endpointslices', kind: 'EndpointSlice',
    listKind: 'EndpointSliceList', namespaced: true, verbs: ['get', 'list', 'watch'], storageVersionHash: 'Nx3SIv6I0mE=',
    subresources: [], fromStorage: endpointSliceV1beta1, readOnly: true,
  },
  {
    group: 'coordination.k8s.io', version: 'v1', name: 'leases', kind: 'Lease', listKind: 'LeaseList',
    namespaced: true, verbs: writeVerbs, subresources: [],
  },
  {
    group: 'authorization.k8s.io', version: 'v1', name: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview',
    listKind: 'SelfSubjectAccessReviewList', namespaced: false, verbs: ['create'], subresources: [],
  },
  {
    group: 'networking.k8s.io', version: 'v1', name: 'networkpolicies', kind: 'NetworkPolicy',
    listKind: 'NetworkPolicyList', namespaced: true, verbs: writeVerbs, shortNames: ['netpol'],
    storageVersionHash: 'YpfwF18m1G8=', subresources: [],
  },
];

export function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

export function findResource(group: string, version: string, name: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.name === name);
}

export function resourceByName(name: string): ResourceDef {
  const def = RESOURCES.find((r) => r.name === name);
  if (!def) throw new Error(`unknown lab resource ${name}`);
  return def;
}

/** Named groups with their versions, the preferred (stored) one first. */
export function groupsServed(): { group: string; versions: string[] }[] {
  const seen = new Map<string, string[]>();
  for (const r of RESOURCES) {
    if (!r.group) continue;
    const versions = seen.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    seen.set(r.group, versions);
  }
  return [...seen].map(([group, versions]) => ({ group, versions }));
}

export function servesVersion(group: string, version: string): boolean {
  return RESOURCES.some((r) => r.group === group && r.version === version);
}

/** The object as this resource version shows it. */
export function inVersion(def: ResourceDef, obj: KubeObject): KubeObject {
  return def.fromStorage ? def.fromStorage(obj) : obj;
}
