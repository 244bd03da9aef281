// `podnet forward` arguments, as kubectl port-forward reads them, parsed without a cluster:
// TARGET = pod/NAME | svc/NAME | NAME, ports = [LOCAL:]REMOTE[,...] where REMOTE may be a port
// name and LOCAL empty or 0 means any free port.
import type { ForwardTarget } from './types.js';

export interface PortMapping {
  /** null: the same number as the remote port (strictly); 0: any free port (the remote number when free). */
  local: number | null;
  /** A number, or a port's name to resolve against the pod or the Service. */
  remote: number | string;
}

const POD_KINDS = new Set(['pod', 'pods', 'po']);
const SERVICE_KINDS = new Set(['svc', 'service', 'services']);
// Kubernetes object names (RFC 1123 subdomain, as pod and Service names are).
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
// IANA_SVC_NAME, what a named container or Service port must be.
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

/** Throws an Error with one sentence when the target is not one podnet can forward to. */
export function parseTarget(text: string, namespace: string): ForwardTarget {
  const slash = text.indexOf('/');
  const kind = slash < 0 ? 'pod' : text.slice(0, slash).toLowerCase();
  const name = slash < 0 ? text : text.slice(slash + 1);
  if (!POD_KINDS.has(kind) && !SERVICE_KINDS.has(kind)) {
    throw new Error(`"${text}" is not a target podnet can forward to; give pod/NAME, svc/NAME or a pod's NAME.`);
  }
  if (!NAME.test(name)) throw new Error(`"${name}" is not a valid ${POD_KINDS.has(kind) ? 'pod' : 'Service'} name.`);
  return { kind: POD_KINDS.has(kind) ? 'pod' : 'service', namespace, name };
}

function parsePortNumber(text: string, what: string, allowZero: boolean): number {
  if (!/^\d{1,5}$/.test(text)) throw new Error(`"${text}" is not a ${what} port: give a number from ${allowZero ? 0 : 1} to 65535.`);
  const n = Number(text);
  if (n > 65535 || (!allowZero && n === 0)) throw new Error(`${text} is out of range for a ${what} port: give a number from ${allowZero ? 0 : 1} to 65535.`);
  return n;
}

/** `8080:80,9090:http,:443` -> mappings; throws an Error with one sentence on bad input. */
export function parsePorts(text: string): PortMapping[] {
  const items = text.split(',');
  if (items.some((i) => i.trim() === '')) throw new Error(`"${text}" is not a port list: give [LOCAL:]REMOTE, several separated by commas.`);
  return items.map((item) => {
    const parts = item.trim().split(':');
    if (parts.length > 2) throw new Error(`"${item}" is not a port mapping: give [LOCAL:]REMOTE, e.g. 8080:80.`);
    const remoteText = parts[parts.length - 1]!;
    let remote: number | string;
    if (/^\d+$/.test(remoteText)) remote = parsePortNumber(remoteText, 'remote', false);
    else if (PORT_NAME.test(remoteText)) remote = remoteText;
    else throw new Error(`"${remoteText}" is neither a port number nor a port name.`);
    if (parts.length === 1) return { local: null, remote };
    const localText = parts[0]!;
    return { local: localText === '' ? 0 : parsePortNumber(localText, 'local', true), remote };
  });
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;

export function isLoopback(address: string): boolean {
  return LOOPBACK.test(address);
}

/** `http://ADDRESS:PORT`, with IPv6 addresses in brackets. */
export function localUrl(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
