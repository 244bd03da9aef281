// Server defaults a new pod gains, field for field in the order a v1.24 apiserver writes them
// (k8s-reference/watch/10-create-pod-watch-me.json).
import type { KubeObject } from '../store/kubeObject.js';
import { randomSuffix } from '../store/names.js';

type Json = Record<string, unknown>;

export function defaultPod(pod: KubeObject): KubeObject {
  const spec = (pod.spec ?? {}) as Json;
  const volumeName = `kube-api-access-${randomSuffix()}`;
  const containers = ((spec.containers as Json[]) ?? []).map((c) => defaultContainer(c, volumeName));
  const out: Json = {
    volumes: [...((spec.volumes as unknown[]) ?? []), serviceAccountVolume(volumeName)],
    ...(spec.initContainers ? { initContainers: (spec.initContainers as Json[]).map((c) => defaultContainer(c, volumeName)) } : {}),
    containers,
    restartPolicy: spec.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
    serviceAccountName: spec.serviceAccountName ?? 'default',
    serviceAccount: spec.serviceAccountName ?? 'default',
    ...(spec.nodeName ? { nodeName: spec.nodeName } : {}),
    securityContext: spec.securityContext ?? {},
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    tolerations: [
      ...((spec.tolerations as unknown[]) ?? []),
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    priority: 0,
    enableServiceLinks: spec.enableServiceLinks ?? true,
    preemptionPolicy: 'PreemptLowerPriority',
  };
  for (const [k, v] of Object.entries(spec)) if (!(k in out)) out[k] = v;
  return { metadata: pod.metadata, spec: out, status: { phase: 'Pending', qosClass: 'BestEffort' } };
}

function defaultContainer(c: Json, volumeName: string): Json {
  const ports = (c.ports as Json[] | undefined)?.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  const image = String(c.image ?? '');
  const out: Json = {
    name: c.name,
    image,
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(ports ? { ports } : {}),
    ...(c.env ? { env: c.env } : {}),
    resources: c.resources ?? {},
    volumeMounts: [
      ...((c.volumeMounts as unknown[]) ?? []),
      { name: volumeName, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ],
    ...(c.readinessProbe ? { readinessProbe: c.readinessProbe } : {}),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: c.imagePullPolicy ?? (image.endsWith(':latest') || !image.includes(':') ? 'Always' : 'IfNotPresent'),
  };
  for (const [k, v] of Object.entries(c)) if (!(k in out)) out[k] = v;
  return out;
}

function serviceAccountVolume(name: string): Json {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 420,
    },
  };
}

