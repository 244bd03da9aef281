// What `e` proposes for a pod, as `kubectl expose pod` would make it: the Service named after the
// pod (with a suffix when that name is taken), its port and targetPort from the pod's first
// container port, its selector the pod's labels. Pure; one sentence when a pod cannot be exposed.
import type { PodView } from './model.js';
import type { ExposePlan, ServiceView } from './servicesModel.js';

const MAX_NAME = 63;

/** A Service name is a DNS-1035 label: lowercase letters, digits and '-', starting with a letter. */
export function serviceNameFor(podName: string): string {
  let name = podName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  if (name === '') name = 'svc';
  return name.slice(0, MAX_NAME).replace(/-+$/, '');
}

function freeName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 0; ; i++) {
    const suffix = i === 0 ? '-svc' : `-svc-${i + 1}`;
    const name = `${base.slice(0, MAX_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken(name)) return name;
  }
}

export function exposePlan(pod: PodView, services: ReadonlyMap<string, ServiceView>): { plan: ExposePlan } | { error: string } {
  if (Object.keys(pod.labels).length === 0) {
    return { error: `Cannot expose ${pod.name}: it has no labels, so a Service could not select it (label it first: kubectl label pod ${pod.name} app=${serviceNameFor(pod.name)}).` };
  }
  const first = pod.ports[0];
  if (!first) return { error: `Cannot expose ${pod.name}: it declares no container port to propose (kubectl expose pod ${pod.name} --port N makes one by hand).` };
  const name = freeName(serviceNameFor(pod.name), (n) => services.has(`${pod.namespace}/${n}`));
  return { plan: { namespace: pod.namespace, pod: pod.name, name, port: first.port, targetPort: first.port, protocol: first.protocol || 'TCP', selector: pod.labels } };
}

export const selectorText = (sel: Readonly<Record<string, string>>) => Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',');

/** The confirmation line's question: exactly what will be created. */
export function exposeQuestion(p: ExposePlan): string {
  return `Create ClusterIP Service ${p.namespace}/${p.name} port ${p.port} -> ${p.pod}:${p.targetPort}/${p.protocol} selector ${selectorText(p.selector)}?`;
}
