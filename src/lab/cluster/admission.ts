// What the apiserver adds and checks on the way in: validation of names and required fields,
// server defaults (k8s-reference README point 10), ClusterIP and NodePort allocation.
import { InvalidObject, type Admission } from '../api/context.js';
import type { ResourceDef } from '../api/resources.js';
import type { KubeObject } from '../store/kubeObject.js';
import { defaultPod } from './podDefaults.js';
import { defaultService, validateService, type ServiceAllocator } from './serviceDefaults.js';
import { rfc3339 } from '../store/objectStore.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface DeleteHooks {
  /** A pod on a node is stopped by its kubelet; returns true when it can go at once. */
  deletePod(pod: KubeObject, gracePeriodSeconds: number | undefined): boolean;
  deleteNamespace(ns: KubeObject): void;
}

export function createAdmission(alloc: ServiceAllocator, hooks: DeleteHooks, clock: () => Date): Admission {
  return {
    create(def: ResourceDef, obj: KubeObject): KubeObject {
      validateName(def, obj);
      switch (def.name) {
        case 'pods':
          return defaultPod(obj);
        case 'services':
          validateService(obj);
          return defaultService(obj, alloc);
        case 'namespaces':
          return {
            ...obj,
            metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! } },
            spec: { finalizers: ['kubernetes'] },
            status: { phase: 'Active' },
          };
        case 'events':
          return { ...obj, metadata: obj.metadata, firstTimestamp: obj.firstTimestamp ?? rfc3339(clock()) };
        default:
          return obj;
      }
    },
    update(def: ResourceDef, obj: KubeObject, old: KubeObject): KubeObject {
      if (def.name === 'pods') return admitEphemeral(obj, old);
      if (def.name === 'services') {
        validateService(obj);
        const oldSpec = old.spec as Record<string, unknown>;
        const spec = obj.spec as Record<string, unknown>;
        // clusterIP is immutable; clients that omit it keep the one they had.
        return { ...obj, spec: { ...spec, clusterIP: oldSpec.clusterIP, clusterIPs: oldSpec.clusterIPs } };
      }
      return obj;
    },
    delete(def: ResourceDef, obj: KubeObject, grace: number | undefined): boolean {
      if (def.name === 'pods') return hooks.deletePod(obj, grace);
      if (def.name === 'services') alloc.release(obj);
      if (def.name === 'namespaces') hooks.deleteNamespace(obj);
      return true;
    },
  };
}

function validateName(def: ResourceDef, obj: KubeObject): void {
  const name = obj.metadata.name ?? '';
  const kind = def.kind;
  if (!name) {
    throw new InvalidObject(kind, '', [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }]);
  }
  const causes: InvalidObject['causes'] = [];
  const label = def.name === 'services' || def.name === 'namespaces';
  if (label ? !DNS1123_LABEL.test(name) || name.length > 63 : !DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    causes.push({
      type: 'FieldValueInvalid', field: 'metadata.name', value: name,
      detail: label
        ? `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
        : `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    });
  }
  if (def.name === 'pods') {
    const containers = (obj.spec as { containers?: unknown[] } | undefined)?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      causes.push({ type: 'FieldValueRequired', field: 'spec.containers', detail: '' });
    }
  }
  if (causes.length) throw new InvalidObject(kind, name, causes);
}

/** Ephemeral containers can only be added, never changed or removed (pods/ephemeralcontainers). */
function admitEphemeral(pod: KubeObject, old: KubeObject): KubeObject {
  type Spec = { ephemeralContainers?: { name: string; image?: string; terminationMessagePolicy?: string }[] };
  const before = (old.spec as Spec).ephemeralContainers ?? [];
  const after = (pod.spec as Spec).ephemeralContainers ?? [];
  if (after.length === before.length) return pod;
  for (const b of before) {
    if (!after.some((a) => a.name === b.name)) {
      throw new InvalidObject('Pod', pod.metadata.name!, [{ type: 'FieldValueForbidden', field: 'spec.ephemeralContainers', detail: 'existing ephemeral containers "' + b.name + '" may not be removed' }]);
    }
  }
  const defaulted = after.map((c) => ({
    ...c, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    imagePullPolicy: (c as { imagePullPolicy?: string }).imagePullPolicy ?? 'IfNotPresent',
  }));
  return { ...pod, spec: { ...(pod.spec as object), ephemeralContainers: defaulted } };
}
