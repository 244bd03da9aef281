// The Services side of the domain as the explorer keeps it: small, already-sanitized views of
// Services and EndpointSlices (built by src/kube/serviceView.ts), and what the services pane asks
// the effects to do (expose a pod, start or stop a forward).
import type { ForwardSpec, ForwardTarget } from '../forward/types.js';

export interface ServicePortView {
  name: string;
  port: number;
  protocol: string;
  /** A number, or the name of a container port (resolved per pod, see servicesSelectors.ts). */
  targetPort: number | string;
  nodePort: number | undefined;
}

export interface ServiceView {
  /** "namespace/name" */
  key: string;
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  type: string;
  /** '' while none, "None" for a headless Service. */
  clusterIP: string;
  /** undefined: the Service has no selector (its endpoints are managed by hand), so it selects no pod. */
  selector: Readonly<Record<string, string>> | undefined;
  ports: readonly ServicePortView[];
}

export interface EndpointView {
  addresses: readonly string[];
  /** conditions.ready; unset counts as ready, as kube-proxy reads it. */
  ready: boolean;
  /** The pod behind the address (targetRef kind Pod), when the slice says. */
  pod: { namespace: string; name: string } | undefined;
}

export interface EndpointSliceView {
  key: string;
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  /** The kubernetes.io/service-name label: the Service the slice belongs to. */
  service: string;
  endpoints: readonly EndpointView[];
}

/** What `e` would create, shown in the confirmation line before anything is sent. */
export interface ExposePlan {
  namespace: string;
  /** The pod exposed (its labels become the selector). */
  pod: string;
  name: string;
  port: number;
  targetPort: number;
  protocol: string;
  selector: Readonly<Record<string, string>>;
}

export type ServicesRequest =
  | { kind: 'start'; spec: ForwardSpec }
  | { kind: 'stop'; id: string }
  | { kind: 'stopAll' }
  | { kind: 'save'; id: string; saved: boolean }
  | { kind: 'expose'; plan: ExposePlan };

export type FormField = 'local' | 'remote' | 'address';
export const FORM_FIELDS: readonly FormField[] = ['local', 'remote', 'address'];

export type ServicesDialog =
  | { kind: 'confirm'; plan: ExposePlan }
  | { kind: 'form'; target: ForwardTarget; values: Readonly<Record<FormField, string>>; field: FormField; error: string | undefined };

export const LOOPBACK = '127.0.0.1';

export const targetText = (t: ForwardTarget) => `${t.kind === 'service' ? 'svc' : 'pod'}/${t.name}`;
export const sameTarget = (a: ForwardTarget, b: ForwardTarget) => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

/** 127.0.0.0/8, ::1 and localhost: the addresses only this machine can reach. */
export function isLoopback(address: string): boolean {
  const a = address.trim().toLowerCase();
  return a === 'localhost' || a === '::1' || a === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** host:port as a URL authority (IPv6 in brackets). */
/** `port` 0: not bound yet (a forward starting on any free port) and shown as `…`. */
export const hostPort = (host: string, port: number) => {
  const p = port === 0 ? '…' : String(port);
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${p}` : `${host}:${p}`;
};
