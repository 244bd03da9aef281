// The shape every stored object shares, and metadata in the field order Go's ObjectMeta
// serializes, so that the lab's JSON reads as a real apiserver's.

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  finalizers?: string[];
  managedFields?: unknown[];
}

export interface KubeObject {
  kind?: string;
  apiVersion?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

const META_ORDER: (keyof ObjectMeta)[] = [
  'name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences',
  'finalizers', 'managedFields',
];

export function canonicalMetadata(meta: ObjectMeta): ObjectMeta {
  const out: Record<string, unknown> = {};
  for (const k of META_ORDER) {
    const v = meta[k];
    if (v === undefined || v === '') continue;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = k === 'labels' || k === 'annotations' ? sortedMap(v as Record<string, string>) : v;
  }
  return out as ObjectMeta;
}

/** kind and apiVersion first, as Go's TypeMeta is embedded first. */
export function withTypeMeta(obj: KubeObject, kind: string, apiVersion: string): KubeObject {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return { kind, apiVersion, ...rest };
}

export function withoutTypeMeta(obj: KubeObject): KubeObject {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return rest as KubeObject;
}

/** Go writes map keys sorted; maps stored sorted serialize the same way. */
export function sortedMap<T>(m: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
