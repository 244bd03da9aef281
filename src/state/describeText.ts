// The networking part of `kubectl describe pod` (kubectl/pkg/describe/describe.go describePod),
// in kubectl's words and layout: the same labels, the same order, the same tabwriter alignment.
// Volumes, QoS, node selectors and tolerations are left out (they say nothing about networking).
import { humanDuration } from '../printers/duration.js';
import { tabwrite } from './tabwriter.js';
import type { ContainerDescription, ContainerStateDescription, EventDescription, PodDescription } from './describeModel.js';

const MAX_ANNOTATION_LEN = 140;

export function describeLines(d: PodDescription, now: number): string[] {
  const w: string[] = [];
  w.push(`Name:\t${d.name}`, `Namespace:\t${d.namespace}`);
  if (d.priority !== undefined) w.push(`Priority:\t${d.priority}`);
  if (d.priorityClassName) w.push(`Priority Class Name:\t${d.priorityClassName}`);
  if (d.serviceAccount) w.push(`Service Account:\t${d.serviceAccount}`);
  w.push(d.node ? `Node:\t${d.node}/${d.hostIP}` : 'Node:\t<none>');
  if (d.startMs !== undefined) w.push(`Start Time:\t${rfc1123z(d.startMs)}`);
  w.push(...labelLines('Labels', d.labels), ...annotationLines(d.annotations));
  if (d.deletionMs !== undefined && d.phase !== 'Failed' && d.phase !== 'Succeeded') {
    w.push(`Status:\tTerminating (lasts ${since(d.deletionMs, now)})`);
    w.push(`Termination Grace Period:\t${d.deletionGraceSeconds ?? 0}s`);
  } else {
    w.push(`Status:\t${d.phase}`);
  }
  if (d.reason) w.push(`Reason:\t${d.reason}`);
  if (d.message) w.push(`Message:\t${d.message}`);
  w.push(`IP:\t${d.ip}`);
  if (d.ips.length === 0) w.push('IPs:\t<none>');
  else w.push('IPs:', ...d.ips.map((ip) => `  IP:\t${ip}`));
  if (d.controlledBy) w.push(`Controlled By:\t${d.controlledBy}`);
  if (d.nominatedNode) w.push(`NominatedNodeName:\t${d.nominatedNode}`);
  if (d.initContainers.length > 0) w.push(...containerLines('Init Containers', d.initContainers));
  w.push(...containerLines('Containers', d.containers));
  if (d.conditions.length > 0) {
    w.push('Conditions:', '  Type\tStatus', ...d.conditions.map((c) => `  ${c.type} \t${c.status} `));
  }
  const lines = tabwrite(w);
  // kubectl flushes its tabwriter before the events, so they align on their own.
  if (d.events !== undefined) lines.push(...tabwrite(eventLines(d.events, now)));
  return lines;
}

function labelLines(title: string, labels: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return [`${title}:\t<none>`];
  return keys.map((k, i) => `${i === 0 ? `${title}:` : ''}\t${k}=${labels[k]}`);
}

function annotationLines(annotations: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(annotations).sort();
  if (keys.length === 0) return ['Annotations:\t<none>'];
  const out: string[] = [];
  keys.forEach((k, i) => {
    const lead = i === 0 ? 'Annotations:\t' : '\t';
    const value = annotations[k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      out.push(`${lead}${k}:`);
      for (const s of value.split('\n')) out.push(`\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}`);
    } else {
      out.push(`${lead}${k}: ${value}`);
    }
  });
  return out;
}

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}...` : s);

function containerLines(title: string, containers: readonly ContainerDescription[]): string[] {
  const w = [`${title}:`];
  for (const c of containers) {
    w.push(`  ${c.name}:`);
    if (c.status) w.push(`    Container ID:\t${c.status.containerID}`);
    w.push(`    Image:\t${c.image}`);
    if (c.status) w.push(`    Image ID:\t${c.status.imageID}`);
    const ports = c.ports.length ? c.ports.map((p) => `${p.port}/${p.protocol}`).join(', ') : '<none>';
    const hostPorts = c.ports.length ? c.ports.map((p) => `${p.hostPort}/${p.protocol}`).join(', ') : '<none>';
    w.push(`    ${ports.includes(',') ? 'Ports' : 'Port'}:\t${ports}`);
    w.push(`    ${hostPorts.includes(',') ? 'Host Ports' : 'Host Port'}:\t${hostPorts}`);
    if (c.status) {
      w.push(...stateLines('State', c.status.state));
      if (c.status.lastState.kind === 'terminated') w.push(...stateLines('Last State', c.status.lastState));
      w.push(`    Ready:\t${c.status.ready ? 'True' : 'False'}`, `    Restart Count:\t${c.status.restartCount}`);
    }
  }
  return w;
}

function stateLines(title: string, s: ContainerStateDescription): string[] {
  switch (s.kind) {
    case 'running':
      return [`    ${title}:\tRunning`, `      Started:\t${rfc1123z(s.startedMs)}`];
    case 'waiting':
      return [`    ${title}:\tWaiting`, ...(s.reason ? [`      Reason:\t${s.reason}`] : [])];
    case 'terminated':
      return [
        `    ${title}:\tTerminated`,
        ...(s.reason ? [`      Reason:\t${s.reason}`] : []),
        ...(s.message ? [`      Message:\t${s.message}`] : []),
        `      Exit Code:\t${s.exitCode}`,
        ...(s.signal > 0 ? [`      Signal:\t${s.signal}`] : []),
        `      Started:\t${rfc1123z(s.startedMs)}`,
        `      Finished:\t${rfc1123z(s.finishedMs)}`,
      ];
    default:
      return [`    ${title}:\tWaiting`];
  }
}

function eventLines(events: readonly EventDescription[], now: number): string[] {
  if (events.length === 0) return ['Events:\t<none>'];
  const sorted = [...events].sort((a, b) => (a.lastMs ?? 0) - (b.lastMs ?? 0));
  return [
    'Events:',
    '  Type\tReason\tAge\tFrom\tMessage',
    '  ----\t------\t----\t----\t-------',
    ...sorted.map((e) => {
      const first = since(e.firstMs, now);
      const age = e.count > 1 ? `${since(e.lastMs, now)} (x${e.count} over ${first})` : first;
      return `  ${e.type}\t${e.reason}\t${age}\t${e.source}\t${e.message.trim()}`;
    }),
  ];
}

const since = (ms: number | undefined, now: number) => (ms === undefined ? '<unknown>' : humanDuration(now - ms));

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in local time: "Mon, 02 Jan 2006 15:04:05 -0700". Go's zero time if absent. */
export function rfc1123z(ms: number | undefined): string {
  if (ms === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const t = new Date(ms);
  const off = -t.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${two(Math.trunc(Math.abs(off) / 60))}${two(Math.abs(off) % 60)}`;
  return `${DAYS[t.getDay()]}, ${two(t.getDate())} ${MONTHS[t.getMonth()]} ${t.getFullYear()} ${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())} ${zone}`;
}
