// The tutorial's cluster: two nodes with their own pod CIDRs, the pods it talks to, a second
// namespace whose NetworkPolicy admits only `app: allowed-client`, and the cluster DNS Service.
import type { KubeObject } from '../store/kubeObject.js';
import { nodeObject } from './nodeObject.js';
import { namespaceObject, systemNamespaces, type Scenario, type ScenarioObject } from './scenario.js';

interface PodPlan {
  name: string;
  namespace?: string;
  node: string;
  image: string;
  labels: Record<string, string>;
  ports?: { name: string; containerPort: number; protocol?: string }[];
  command?: string[];
}

const PODS: PodPlan[] = [
  { name: 'practice-pod', node: 'lab-node-1', image: 'nginx:1.25', labels: { app: 'practice' }, ports: [{ name: 'http', containerPort: 80 }] },
  { name: 'client-pod', node: 'lab-node-1', image: 'busybox:1.36', labels: { app: 'client' }, command: ['sleep', '3600'] },
  { name: 'backend', node: 'lab-node-2', image: 'podnet/lab-app:1.0', labels: { app: 'backend', tier: 'api' }, ports: [{ name: 'http', containerPort: 8080 }] },
  { name: 'frontend', node: 'lab-node-2', image: 'podnet/lab-app:1.0', labels: { app: 'frontend', tier: 'web' }, ports: [{ name: 'http', containerPort: 3000 }] },
  { name: 'db', node: 'lab-node-2', image: 'postgres:16', labels: { app: 'db' }, ports: [{ name: 'postgres', containerPort: 5432 }] },
  { name: 'cache', node: 'lab-node-1', image: 'redis:7', labels: { app: 'cache' }, ports: [{ name: 'redis', containerPort: 6379 }] },
  { name: 'distroless-app', node: 'lab-node-2', image: 'gcr.io/distroless/static-debian12:nonroot', labels: { app: 'distroless' }, ports: [{ name: 'http', containerPort: 8080 }] },
  { name: 'secure-app', namespace: 'restricted', node: 'lab-node-2', image: 'nginx:1.25', labels: { app: 'secure-app' }, ports: [{ name: 'http', containerPort: 80 }] },
  { name: 'allowed-client', namespace: 'restricted', node: 'lab-node-1', image: 'busybox:1.36', labels: { app: 'allowed-client' }, command: ['sleep', '3600'] },
  { name: 'other-client', namespace: 'restricted', node: 'lab-node-1', image: 'busybox:1.36', labels: { app: 'other-client' }, command: ['sleep', '3600'] },
  {
    name: 'coredns', namespace: 'kube-system', node: 'lab-node-1', image: 'registry.k8s.io/coredns/coredns:v1.11.1',
    labels: { 'k8s-app': 'kube-dns' },
    ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }, { name: 'metrics', containerPort: 9153 }],
  },
];

function pod(p: PodPlan): ScenarioObject {
  const container: Record<string, unknown> = { name: p.name === 'coredns' ? 'coredns' : containerName(p.image), image: p.image };
  if (p.command) container.command = p.command;
  if (p.ports) container.ports = p.ports;
  return {
    resource: 'pods',
    object: { metadata: { name: p.name, namespace: p.namespace ?? 'default', labels: p.labels }, spec: { containers: [container], nodeSelector: { 'kubernetes.io/hostname': p.node } } },
  };
}

function containerName(image: string): string {
  const base = image.split('/').pop()!.split(':')[0]!;
  return base.replace(/[^a-z0-9-]/g, '-');
}

function service(namespace: string, name: string, spec: Record<string, unknown>, labels?: Record<string, string>): ScenarioObject {
  return { resource: 'services', object: { metadata: { name, namespace, ...(labels ? { labels } : {}) }, spec } };
}

function denyAllButAllowedClient(): KubeObject {
  return {
    metadata: { name: 'allow-only-allowed-client', namespace: 'restricted' },
    spec: {
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'allowed-client' } } }] }],
      policyTypes: ['Ingress'],
    },
  };
}

/** `slot` shifts the node addresses (127.0.10+slot.x) so that labs can run side by side. */
export function tutorialScenario(now: string, slot = 0): Scenario {
  const nodeIP = (n: number) => `127.0.${10 + slot}.${n}`;
  const objects: ScenarioObject[] = [
    ...systemNamespaces(),
    namespaceObject('restricted'),
    { resource: 'nodes', object: nodeObject({ name: 'lab-node-1', internalIP: nodeIP(1), podCIDR: '10.244.0.0/24', roles: ['control-plane'], zone: 'lab-a' }, now) },
    { resource: 'nodes', object: nodeObject({ name: 'lab-node-2', internalIP: nodeIP(2), podCIDR: '10.244.1.0/24', zone: 'lab-b' }, now) },
    service('default', 'kubernetes', { ports: [{ name: 'https', port: 443, targetPort: 6443 }], clusterIP: '10.96.0.1' },
      { component: 'apiserver', provider: 'kubernetes' }),
    service('kube-system', 'kube-dns', {
      selector: { 'k8s-app': 'kube-dns' }, clusterIP: '10.96.0.10',
      ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, targetPort: 53 }, { name: 'metrics', port: 9153, targetPort: 9153 }],
    }, { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' }),
    service('default', 'backend', { selector: { app: 'backend' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] }, { app: 'backend' }),
    service('default', 'frontend', { type: 'NodePort', selector: { app: 'frontend' }, ports: [{ name: 'http', port: 3000, targetPort: 3000, nodePort: 30080 }] }, { app: 'frontend' }),
    ...PODS.map(pod),
    { resource: 'networkpolicies', object: denyAllButAllowedClient() },
  ];
  return { name: 'tutorial', objects, events: true };
}
