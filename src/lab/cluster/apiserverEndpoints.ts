// What the apiserver and kubelets keep about themselves: the `kubernetes` Service's endpoints
// (the apiserver's own address) and one Lease per node, renewed as kubelets renew theirs.
import type { ObjectStore } from '../store/objectStore.js';

const LEASE_SECONDS = 40;
const RENEW_MS = 10_000;

export function publishApiserverEndpoints(store: ObjectStore, ip: string, port: number): void {
  const ports = [{ name: 'https', port, protocol: 'TCP' }];
  store.create('endpoints', {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip }], ports }],
  });
  store.create('endpointslices', {
    metadata: {
      name: 'kubernetes', namespace: 'default', generation: 1,
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [ip], conditions: { ready: true } }],
    ports,
  });
}

/** Creates the node leases and renews them until the returned function is called. */
export function runNodeLeases(store: ObjectStore, clock: () => Date): () => void {
  const renew = () => {
    // Leases carry microseconds (MicroTime), unlike other timestamps.
    const now = clock().toISOString().replace('Z', '000Z');
    for (const node of store.list('nodes')) {
      const name = node.metadata.name!;
      const existing = store.get('leases', 'kube-node-lease', name);
      const spec = { holderIdentity: name, leaseDurationSeconds: LEASE_SECONDS, renewTime: now };
      if (existing) store.update('leases', { ...existing, spec });
      else {
        store.create('leases', {
          metadata: {
            name, namespace: 'kube-node-lease',
            ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }],
          },
          spec,
        });
      }
    }
  };
  renew();
  const timer = setInterval(renew, RENEW_MS);
  timer.unref();
  return () => clearInterval(timer);
}
