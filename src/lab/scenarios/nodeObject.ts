// A node as its kubelet registers it: loopback InternalIP (so NodePort URLs open from the host),
// a pod CIDR, and a Ready condition.
import { release } from 'node:os';
import type { KubeObject } from '../store/kubeObject.js';

export interface NodeSpec {
  name: string;
  internalIP: string;
  podCIDR: string;
  roles?: string[];
  zone?: string;
}

export function nodeObject(n: NodeSpec, now: string): KubeObject {
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message,
  });
  return {
    metadata: {
      name: n.name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        ...Object.fromEntries((n.roles ?? []).map((r) => [`node-role.kubernetes.io/${r}`, ''])),
        ...(n.zone ? { 'topology.kubernetes.io/zone': n.zone } : {}),
      },
    },
    spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR] },
    status: {
      capacity: { cpu: '2', 'ephemeral-storage': '61255492Ki', memory: '8145440Ki', pods: '110' },
      allocatable: { cpu: '2', 'ephemeral-storage': '56453061334', memory: '8043040Ki', pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: n.internalIP },
        { type: 'Hostname', address: n.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: '', systemUUID: '', bootID: '',
        kernelVersion: release(),
        osImage: 'podnet lab',
        containerRuntimeVersion: 'podnet-lab://0.1.0',
        kubeletVersion: 'v1.24.17',
        kubeProxyVersion: 'v1.24.17',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}
