// SelfSubjectAccessReview: "may I?" answered with the same rule that guards every request, so that
// `kubectl auth can-i` and podnet's own checks see what the lab will really allow.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowed, type LabUser } from '../auth.js';
import { badRequest } from '../status.js';
import { readBody, sendJson, sendStatus } from '../respond.js';

interface ReviewSpec {
  resourceAttributes?: {
    namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string;
  };
  nonResourceAttributes?: { path?: string; verb?: string };
}

export async function selfSubjectAccessReview(req: IncomingMessage, res: ServerResponse, user: LabUser): Promise<void> {
  let body: { spec?: ReviewSpec };
  try {
    body = JSON.parse((await readBody(req)).toString('utf8')) as { spec?: ReviewSpec };
  } catch (e) {
    return sendStatus(req, res, badRequest(`the object provided is unrecognized (must be of type SelfSubjectAccessReview): ${(e as Error).message}`));
  }
  const spec = body.spec ?? {};
  const ra = spec.resourceAttributes;
  const ok = ra
    ? allowed(user, {
        verb: ra.verb ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined,
        group: ra.group ?? '', namespace: ra.namespace, name: ra.name,
      })
    : ['get', 'head'].includes(spec.nonResourceAttributes?.verb ?? '') || !user.readonly;
  sendJson(req, res, 201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: ok },
  });
}
