// `d`: the pod and its events, fetched when asked for (the informer keeps only slim views), turned
// into a sanitized PodDescription. Events that cannot be listed are left out, as kubectl does.
import { timestampMillis } from '../printers/duration.js';
import { cleanLines, cleanText } from '../state/sanitize.js';
import type { PodRef } from '../state/model.js';
import type { ContainerDescription, ContainerStateDescription, EventDescription, PodDescription } from '../state/describeModel.js';
import { getJson } from './request.js';
import type { Session } from './session.js';
import { cleanMap } from './toView.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- wire JSON, read defensively */
type Json = any;

export async function fetchPodDescription(session: Session, ref: PodRef, signal?: AbortSignal): Promise<PodDescription> {
  const ns = encodeURIComponent(ref.namespace);
  const pod: Json = await getJson(session.kc, `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(ref.name)}`, { signal });
  const selector = [
    `involvedObject.name=${ref.name}`, `involvedObject.namespace=${ref.namespace}`, 'involvedObject.kind=Pod', `involvedObject.uid=${pod.metadata?.uid ?? ''}`,
  ].join(',');
  let events: EventDescription[] | undefined;
  try {
    const list: Json = await getJson(session.kc, `/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent(selector)}`, { signal });
    events = (list.items ?? []).map(eventDescription);
  } catch {
    events = undefined;
  }
  return podDescription(pod, events);
}

export function podDescription(pod: Json, events: EventDescription[] | undefined): PodDescription {
  const m = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const owner = (m.ownerReferences ?? []).find((o: Json) => o.controller);
  const statuses = (list: Json[] | undefined) => new Map((list ?? []).map((s: Json) => [s.name, s]));
  return {
    name: cleanText(m.name),
    namespace: cleanText(m.namespace),
    priority: typeof spec.priority === 'number' ? spec.priority : undefined,
    priorityClassName: cleanText(spec.priorityClassName),
    serviceAccount: cleanText(spec.serviceAccountName),
    node: cleanText(spec.nodeName),
    hostIP: cleanText(status.hostIP),
    startMs: timestampMillis(status.startTime),
    labels: cleanMap(m.labels),
    annotations: Object.fromEntries(Object.entries(m.annotations ?? {}).map(([k, v]) => [cleanText(k), cleanLines(String(v)).join('\n')])),
    deletionMs: timestampMillis(m.deletionTimestamp),
    deletionGraceSeconds: typeof m.deletionGracePeriodSeconds === 'number' ? m.deletionGracePeriodSeconds : undefined,
    phase: cleanText(status.phase),
    reason: cleanText(status.reason),
    message: cleanText(status.message),
    ip: cleanText(status.podIP),
    ips: (status.podIPs ?? []).map((i: Json) => cleanText(i.ip)),
    controlledBy: owner ? cleanText(`${owner.kind}/${owner.name}`) : '',
    nominatedNode: cleanText(status.nominatedNodeName),
    initContainers: (spec.initContainers ?? []).map((c: Json) => container(c, statuses(status.initContainerStatuses).get(c.name))),
    containers: (spec.containers ?? []).map((c: Json) => container(c, statuses(status.containerStatuses).get(c.name))),
    conditions: (status.conditions ?? []).map((c: Json) => ({ type: cleanText(c.type), status: cleanText(c.status) })),
    events,
  };
}

function container(c: Json, s: Json | undefined): ContainerDescription {
  return {
    name: cleanText(c.name),
    image: cleanText(c.image),
    ports: (c.ports ?? []).map((p: Json) => ({ port: p.containerPort, hostPort: p.hostPort ?? 0, protocol: cleanText(p.protocol) || 'TCP' })),
    status: s && {
      containerID: cleanText(s.containerID),
      imageID: cleanText(s.imageID),
      state: state(s.state),
      lastState: state(s.lastState),
      ready: !!s.ready,
      restartCount: s.restartCount ?? 0,
    },
  };
}

function state(s: Json): ContainerStateDescription {
  if (s?.running) return { kind: 'running', startedMs: timestampMillis(s.running.startedAt) };
  if (s?.waiting) return { kind: 'waiting', reason: cleanText(s.waiting.reason) };
  if (s?.terminated) {
    const t = s.terminated;
    return {
      kind: 'terminated', reason: cleanText(t.reason), message: cleanText(t.message), exitCode: t.exitCode ?? 0, signal: t.signal ?? 0,
      startedMs: timestampMillis(t.startedAt), finishedMs: timestampMillis(t.finishedAt),
    };
  }
  return { kind: 'none' };
}

export function eventDescription(e: Json): EventDescription {
  const first = timestampMillis(e.eventTime) ?? timestampMillis(e.firstTimestamp);
  return {
    type: cleanText(e.type),
    reason: cleanText(e.reason),
    firstMs: first,
    lastMs: timestampMillis(e.series?.lastObservedTime) ?? timestampMillis(e.lastTimestamp) ?? first,
    count: e.series?.count ?? e.count ?? 1,
    source: cleanText(e.source?.component || e.reportingComponent || e.reportingController),
    message: cleanText(e.message),
  };
}
