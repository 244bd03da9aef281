// What a controller would create again for a pod: its labels and spec as the user wrote them,
// without the server defaults, status or identity the apiserver and kubelet added.
import type { KubeObject } from '../store/kubeObject.js';

type Json = Record<string, unknown>;

export function podTemplateOf(pod: KubeObject): KubeObject {
  const spec = structuredClone(pod.spec as Json);
  const saVolume = ((spec.volumes as Json[]) ?? []).find((v) => String(v.name).startsWith('kube-api-access-'));
  spec.volumes = ((spec.volumes as Json[]) ?? []).filter((v) => v !== saVolume);
  if (!(spec.volumes as Json[]).length) delete spec.volumes;
  for (const list of ['containers', 'initContainers'] as const) {
    for (const c of (spec[list] as Json[] | undefined) ?? []) {
      c.volumeMounts = ((c.volumeMounts as Json[]) ?? []).filter((m) => m.name !== saVolume?.name);
      if (!(c.volumeMounts as Json[]).length) delete c.volumeMounts;
    }
  }
  spec.tolerations = ((spec.tolerations as Json[]) ?? []).filter(
    (t) => !(t.tolerationSeconds === 300 && String(t.key).startsWith('node.kubernetes.io/')),
  );
  if (!(spec.tolerations as Json[]).length) delete spec.tolerations;
  // nodeName goes too: a recreated pod is scheduled again, as a controller's new pod is.
  for (const k of ['serviceAccount', 'priority', 'preemptionPolicy', 'nodeName']) delete spec[k];
  const { name, namespace, labels, annotations, ownerReferences } = pod.metadata;
  return { metadata: { name, namespace, labels, annotations, ownerReferences }, spec };
}
