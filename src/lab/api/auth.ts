// Who is asking and what they may do. The lab has two users: `admin` may do anything;
// `readonly` may read everything but not exec, port-forward, create, change or delete.
import { timingSafeEqual } from 'node:crypto';

export interface LabUser {
  name: string;
  token: string;
  readonly: boolean;
}

export interface Attributes {
  verb: string;
  resource: string;
  subresource: string | undefined;
  group: string;
  namespace: string | undefined;
  name: string | undefined;
}

export type Authn = { user: LabUser } | { anonymous: true } | { invalid: true };

export function authenticate(header: string | undefined, users: LabUser[]): Authn {
  if (!header) return { anonymous: true };
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!m) return { invalid: true };
  const given = Buffer.from(m[1]!);
  for (const user of users) {
    const want = Buffer.from(user.token);
    if (want.length === given.length && timingSafeEqual(want, given)) return { user };
  }
  return { invalid: true };
}

const READ_VERBS = new Set(['get', 'list', 'watch']);
const STREAMING_SUBRESOURCES = new Set(['exec', 'portforward', 'attach', 'ephemeralcontainers']);

export function allowed(user: LabUser, attrs: Attributes): boolean {
  if (!user.readonly) return true;
  if (attrs.subresource && STREAMING_SUBRESOURCES.has(attrs.subresource)) return false;
  return READ_VERBS.has(attrs.verb);
}

/** The verb RBAC sees: GET of a collection is list (or watch), GET of an exec is `get`, POST is create. */
export function verbOf(method: string, hasName: boolean, isWatch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (isWatch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}
