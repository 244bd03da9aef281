// One function per resource from a stored object to its Table cells, as printers.go's print<Kind>
// functions fill them with GenerateOptions{Wide: true} (the apiserver always prints wide; kubectl
// drops priority-1 columns itself). Cells are strings except where Go appends a number (events'
// Count), which then serializes as a JSON number.

import { timestampSince, type Timestamp } from '../../printers/duration.js';
import { formatLabels, formatLabelSelector, type LabelSelector } from '../../printers/labels.js';
import { nodeRolesText, nodeStatusText, summarizePod, type NodeLike, type PodLike } from '../../printers/podStatus.js';
import { endpointsText, endpointSliceEndpointsText, endpointSlicePortsText } from './tableEndpoints.js';
import { eventCells } from './tableEvents.js';
import type { TableResource } from './tableColumns.js';

export type TableCell = string | number;

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface RowCells {
  cells: TableCell[];
  conditions?: TableRowCondition[];
}

/** A stored object: plain JSON, as list items are (no kind/apiVersion needed). */
export type JsonObject = Record<string, unknown>;

export interface Meta {
  metadata?: { name?: string | null; creationTimestamp?: Timestamp } | null;
}

const nameOf = (o: Meta): string => o.metadata?.name ?? '';
const ageOf = (o: Meta, now: Date): string => timestampSince(o.metadata?.creationTimestamp, now);
const orNone = (s: string | null | undefined): string => (s ? s : '<none>');

type PodObject = Meta &
  PodLike & {
    spec?: { nodeName?: string | null; readinessGates?: readonly { conditionType: string }[] | null } | null;
    status?: { podIP?: string | null; podIPs?: readonly { ip: string }[] | null; nominatedNodeName?: string | null } | null;
  };

// printPod flags finished pods with a Completed row condition, which clients may use to dim or
// filter them.
const POD_SUCCEEDED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const POD_FAILED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

function podCells(pod: PodObject, now: Date): RowCells {
  const summary = summarizePod(pod, now);
  const status = pod.status ?? {};
  // The v1 -> internal conversion makes podIP authoritative over podIPs[0] when both are set.
  const ip = status.podIP || status.podIPs?.[0]?.ip;
  const gates = pod.spec?.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length > 0) {
    const conditions = status.conditions ?? [];
    const isTrue = (type: string) => conditions.find((c) => c.type === type)?.status === 'True';
    readinessGates = `${gates.filter((g) => isTrue(g.conditionType)).length}/${gates.length}`;
  }
  const cells = [
    nameOf(pod),
    summary.ready,
    summary.status,
    summary.restarts,
    ageOf(pod, now),
    orNone(ip),
    orNone(pod.spec?.nodeName),
    orNone(status.nominatedNodeName),
    readinessGates,
  ];
  const conditions = status.phase === 'Succeeded' ? POD_SUCCEEDED : status.phase === 'Failed' ? POD_FAILED : undefined;
  // Copied so that rows never share (and let a caller mutate) the module's constants.
  return conditions ? { cells, conditions: conditions.map((c) => ({ ...c })) } : { cells };
}

type NodeObject = Meta &
  NodeLike & {
    status?: {
      addresses?: readonly { type: string; address: string }[] | null;
      nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string } | null;
    } | null;
  };

function nodeCells(node: NodeObject, now: Date): RowCells {
  const info = node.status?.nodeInfo ?? {};
  const address = (type: string) => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
  const orUnknown = (s: string | undefined) => (s ? s : '<unknown>');
  return {
    cells: [
      nameOf(node),
      nodeStatusText(node),
      nodeRolesText(node),
      ageOf(node, now),
      info.kubeletVersion ?? '',
      address('InternalIP'),
      address('ExternalIP'),
      orUnknown(info.osImage),
      orUnknown(info.kernelVersion),
      orUnknown(info.containerRuntimeVersion),
    ],
  };
}

interface ServiceObject extends Meta {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[] | null;
    externalIPs?: string[] | null;
    externalName?: string;
    ports?: { port: number; protocol?: string; nodePort?: number }[] | null;
    selector?: Record<string, string> | null;
  } | null;
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] | null } | null } | null;
}

function serviceExternalIP(svc: ServiceObject): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      // loadBalancerStatusStringer with wide=true: a sorted set, never clipped on the server.
      const ingress = new Set<string>();
      for (const i of svc.status?.loadBalancer?.ingress ?? []) {
        if (i.ip) ingress.add(i.ip);
        else if (i.hostname) ingress.add(i.hostname);
      }
      const lb = [...ingress].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function serviceCells(svc: ServiceObject, now: Date): RowCells {
  const spec = svc.spec ?? {};
  // Stored Services carry clusterIPs; clusterIP is the fallback for objects written by hand.
  const clusterIP = spec.clusterIPs?.length ? spec.clusterIPs[0] : spec.clusterIP;
  const ports = (spec.ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`))
    .join(',');
  return {
    cells: [
      nameOf(svc),
      spec.type ?? '',
      orNone(clusterIP),
      serviceExternalIP(svc),
      orNone(ports),
      ageOf(svc, now),
      formatLabels(spec.selector),
    ],
  };
}

const CELLS: Record<TableResource, (item: JsonObject, now: Date) => RowCells> = {
  pods: (o, now) => podCells(o as PodObject, now),
  nodes: (o, now) => nodeCells(o as NodeObject, now),
  services: (o, now) => serviceCells(o as ServiceObject, now),
  namespaces: (o, now) => {
    const ns = o as Meta & { status?: { phase?: string } | null };
    return { cells: [nameOf(ns), ns.status?.phase ?? '', ageOf(ns, now)] };
  },
  networkpolicies: (o, now) => {
    const np = o as Meta & { spec?: { podSelector?: LabelSelector | null } | null };
    return { cells: [nameOf(np), formatLabelSelector(np.spec?.podSelector), ageOf(np, now)] };
  },
  endpointslices: (o, now) => {
    const slice = o as Meta & { addressType?: string; ports?: unknown; endpoints?: unknown };
    const cells = [nameOf(slice), slice.addressType ?? '', endpointSlicePortsText(o), endpointSliceEndpointsText(o)];
    return { cells: [...cells, ageOf(slice, now)] };
  },
  endpoints: (o, now) => ({ cells: [nameOf(o as Meta), endpointsText(o), ageOf(o as Meta, now)] }),
  events: eventCells,
};

/** The cells (and row conditions) printers.go produces for one object of `resource`. */
export function tableRowCells(resource: TableResource, item: JsonObject, now: Date): RowCells {
  return CELLS[resource](item, now);
}
