// Splits an API path into what it names, as the apiserver's RequestInfoFactory does.
import { findResource, servesVersion, type ResourceDef } from './resources.js';

export type Route =
  | { kind: 'version' | 'health' | 'api' | 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | {
      kind: 'resource';
      def: ResourceDef;
      namespace: string | undefined;
      name: string | undefined;
      subresource: string | undefined;
    }
  | { kind: 'unknownResource' }
  | { kind: 'badPath' }
  | { kind: 'notFound' };

const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

export function routeOf(pathname: string, isServedGroup: (g: string) => boolean): Route {
  if (pathname === '/version' || pathname === '/version/') return { kind: 'version' };
  if (HEALTH.has(pathname.replace(/\/$/, ''))) return { kind: 'health' };
  let parts: string[];
  try {
    parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { kind: 'badPath' };
  }
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'api' };
    if (parts[1] !== 'v1') return { kind: 'notFound' };
    if (parts.length === 2) return { kind: 'groupVersion', group: '', version: 'v1' };
    return resourceRoute('', 'v1', parts.slice(2));
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'apis' };
    const group = parts[1]!;
    if (!isServedGroup(group)) return { kind: 'notFound' };
    if (parts.length === 2) return { kind: 'group', group };
    const version = parts[2]!;
    if (!servesVersion(group, version)) return { kind: 'notFound' };
    if (parts.length === 3) return { kind: 'groupVersion', group, version };
    return resourceRoute(group, version, parts.slice(3));
  }
  return { kind: 'notFound' };
}

// rest: [resource] | [resource, name] | [resource, name, sub] | ['namespaces', ns, resource, ...]
function resourceRoute(group: string, version: string, rest: string[]): Route {
  let namespace: string | undefined;
  const namespaceSubresource = rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSubresource) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (extra.length) return { kind: 'notFound' };
  const def = findResource(group, version, resource!);
  if (!def) return { kind: 'unknownResource' };
  if (!def.namespaced && namespace !== undefined) return { kind: 'unknownResource' };
  if (subresource && !def.subresources.some((s) => s.name === subresource)) return { kind: 'unknownResource' };
  return { kind: 'resource', def, namespace, name, subresource };
}
