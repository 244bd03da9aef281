// core/v1 Events as the scheduler and kubelet record them, so `kubectl describe pod` has a story.
import { rfc3339, type ObjectStore } from '../store/objectStore.js';
import type { KubeObject } from '../store/kubeObject.js';

export function recordEvent(
  store: ObjectStore, clock: () => Date, obj: KubeObject, type: 'Normal' | 'Warning', reason: string,
  message: string, component: string, fieldPath?: string,
): void {
  const now = rfc3339(clock());
  const ns = obj.metadata.namespace ?? 'default';
  store.create('events', {
    metadata: { name: `${obj.metadata.name}.${eventSuffix()}`, namespace: ns },
    involvedObject: {
      kind: 'Pod', namespace: ns, name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: 'v1',
      resourceVersion: obj.metadata.resourceVersion, ...(fieldPath ? { fieldPath } : {}),
    },
    reason,
    message,
    source: component === 'kubelet' ? { component, host: (obj.spec as { nodeName?: string }).nodeName } : { component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
  });
}

// The apiserver's recorder names events after the time in nanoseconds, in hex, so that names sort
// in the order events happened (and kubectl describe lists same-second events in that order).
let lastNanos = 0n;
function eventSuffix(): string {
  let nanos = BigInt(Date.now()) * 1_000_000n;
  if (nanos <= lastNanos) nanos = lastNanos + 1n;
  lastNanos = nanos;
  return nanos.toString(16);
}
