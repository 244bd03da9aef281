// API objects (JSON as the apiserver sends it) -> the small views the explorer keeps. Everything
// the UI will draw is sanitized here, once; the rest of the object is dropped (20,000 pods as
// views take ~15 MB, as parsed JSON ~400 MB).
import { summarizePod, nodeRolesText, nodeStatusText, type NodeLike, type PodLike } from '../printers/podStatus.js';
import { timestampMillis } from '../printers/duration.js';
import { cleanText } from '../state/sanitize.js';
import { podKey, type ContainerPortView, type NodeView, type PodView } from '../state/model.js';

export interface ObjectMetaJson {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
}

interface ContainerJson {
  name: string;
  image?: string;
  ports?: { name?: string; containerPort: number; hostPort?: number; protocol?: string }[] | null;
}

export interface PodJson extends PodLike {
  metadata?: ObjectMetaJson & PodLike['metadata'];
  spec?: NonNullable<PodLike['spec']> & { nodeName?: string; containers?: ContainerJson[] | null };
  status?: NonNullable<PodLike['status']> & { podIP?: string; hostIP?: string };
}

export interface NodeJson extends NodeLike {
  metadata?: ObjectMetaJson & NodeLike['metadata'];
  spec?: NonNullable<NodeLike['spec']> & { podCIDR?: string; podCIDRs?: string[] | null };
  status?: NonNullable<NodeLike['status']> & { addresses?: { type: string; address: string }[] | null };
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

export function podView(pod: PodJson): PodView {
  const m = pod.metadata ?? {};
  const summary = summarizePod(pod, new Date(0));
  const namespace = cleanText(m.namespace);
  const name = cleanText(m.name);
  const ports: ContainerPortView[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      ports.push({ container: cleanText(c.name), name: cleanText(p.name), port: p.containerPort, protocol: cleanText(p.protocol) || 'TCP' });
    }
  }
  return {
    key: podKey({ namespace, name }),
    uid: m.uid ?? '',
    namespace,
    name,
    resourceVersion: m.resourceVersion ?? '',
    ip: cleanText(pod.status?.podIP),
    hostIP: cleanText(pod.status?.hostIP),
    node: cleanText(pod.spec?.nodeName),
    phase: cleanText(pod.status?.phase),
    status: cleanText(summary.status),
    ready: summary.ready,
    restartCount: summary.restartCount,
    lastRestartMs: summary.lastRestartMs,
    createdMs: timestampMillis(m.creationTimestamp),
    labels: cleanMap(m.labels),
    ports,
  };
}

export function nodeView(node: NodeJson): NodeView {
  const m = node.metadata ?? {};
  const internal = (node.status?.addresses ?? []).find((a) => a.type === 'InternalIP');
  const cidrs = node.spec?.podCIDRs?.length ? node.spec.podCIDRs : node.spec?.podCIDR ? [node.spec.podCIDR] : [];
  return {
    name: cleanText(m.name),
    uid: m.uid ?? '',
    resourceVersion: m.resourceVersion ?? '',
    status: cleanText(nodeStatusText(node)),
    roles: cleanText(nodeRolesText(node)),
    internalIP: cleanText(internal?.address),
    podCIDR: cleanText(cidrs.join(',')),
    createdMs: timestampMillis(m.creationTimestamp),
  };
}

export function cleanMap(map: Record<string, string> | null | undefined): Readonly<Record<string, string>> {
  if (!map) return EMPTY;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) out[cleanText(k)] = cleanText(v);
  return out;
}
