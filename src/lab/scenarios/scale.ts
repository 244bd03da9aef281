// Thousands of pods across hundreds of nodes, held by the API only, for benchmarks: the pods are
// created already Running (no kubelet events), spread over ten namespaces with one Service each.
import { nodeObject } from './nodeObject.js';
import { namespaceObject, systemNamespaces, type Scenario, type ScenarioObject } from './scenario.js';
import { intToIp, ipToInt } from '../cluster/ipPool.js';
import { runningStatus } from '../cluster/kubeletStatus.js';

const NAMESPACES = 10;
const PODS_PER_NODE_MAX = 250;

export function scaleScenario(now: string, pods: number, nodes: number): Scenario {
  if (nodes < 1 || nodes > 1024) throw new Error('--nodes must be between 1 and 1024 in the scale scenario.');
  if (pods < 0 || pods > nodes * PODS_PER_NODE_MAX) {
    throw new Error(`--pods must be between 0 and ${nodes * PODS_PER_NODE_MAX} for ${nodes} nodes (at most ${PODS_PER_NODE_MAX} a node).`);
  }
  const objects: ScenarioObject[] = [...systemNamespaces()];
  const nsNames = Array.from({ length: NAMESPACES }, (_, i) => `scale-${String(i).padStart(2, '0')}`);
  objects.push(...nsNames.map(namespaceObject));
  const nodeNames: string[] = [];
  const base = ipToInt('10.128.0.0');
  for (let i = 0; i < nodes; i++) {
    const name = `scale-node-${String(i).padStart(4, '0')}`;
    nodeNames.push(name);
    const cidr = `${intToIp(base + i * 256)}/24`;
    objects.push({ resource: 'nodes', object: nodeObject({ name, internalIP: intToIp(ipToInt('127.0.20.0') + i + 1), podCIDR: cidr, zone: `zone-${i % 3}` }, now) });
  }
  for (const ns of nsNames) {
    objects.push({
      resource: 'services',
      object: { metadata: { name: 'web', namespace: ns }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
    });
  }
  const containers = [{ name: 'app', image: 'podnet/lab-app:1.0', ports: [{ containerPort: 8080 }] }];
  for (let i = 0; i < pods; i++) {
    const nodeIndex = i % nodes;
    const ip = intToIp(base + nodeIndex * 256 + 2 + Math.floor(i / nodes));
    objects.push({
      resource: 'pods',
      object: {
        metadata: {
          name: `pod-${String(i).padStart(5, '0')}`,
          namespace: nsNames[i % NAMESPACES],
          labels: { app: i % 4 === 0 ? 'web' : 'worker', shard: String(i % 16) },
        },
        spec: { containers, nodeName: nodeNames[nodeIndex] },
        status: runningStatus(containers, ip, intToIp(ipToInt('127.0.20.0') + nodeIndex + 1), now, now),
      },
    });
  }
  return { name: 'scale', objects, events: false };
}
