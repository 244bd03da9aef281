// Discovery documents built from the resource table, in the legacy (non-aggregated) form that
// every kubectl and client-node accepts; newer clients fall back to it.
import { RESOURCES, apiVersionOf, groupsServed, type ResourceDef } from './resources.js';

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsServed().map(({ group, versions }) => apiGroup(group, versions)),
  };
}

export function apiGroupDoc(group: string) {
  const served = groupsServed().find((g) => g.group === group);
  return served ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, served.versions) } : undefined;
}

function apiGroup(name: string, versions: string[]) {
  const gvs = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: gvs, preferredVersion: gvs[0] };
}

export function apiResourceList(group: string, version: string) {
  const defs = RESOURCES.filter((r) => r.group === group && r.version === version).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  const resources = defs.flatMap((d) => [resourceEntry(d), ...d.subresources.map((s) => subresourceEntry(d, s))]);
  const groupVersion = group ? apiVersionOf(defs[0]!) : 'v1';
  // The core group's list has no apiVersion; the named groups' lists do (k8s-reference/discovery).
  return group
    ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources }
    : { kind: 'APIResourceList', groupVersion, resources };
}

function resourceEntry(d: ResourceDef) {
  return {
    name: d.name,
    singularName: '',
    namespaced: d.namespaced,
    kind: d.kind,
    verbs: d.verbs,
    ...(d.shortNames ? { shortNames: d.shortNames } : {}),
    ...(d.categories ? { categories: d.categories } : {}),
    ...(d.storageVersionHash ? { storageVersionHash: d.storageVersionHash } : {}),
  };
}

function subresourceEntry(d: ResourceDef, s: ResourceDef['subresources'][number]) {
  return { name: `${d.name}/${s.name}`, singularName: '', namespaced: d.namespaced, kind: s.kind, verbs: s.verbs };
}
