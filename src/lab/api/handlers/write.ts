// POST, PUT, PATCH and DELETE: decode, check, admit, store, and answer as the apiserver does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidObject, type ApiContext } from '../context.js';
import { apiVersionOf, type ResourceDef } from '../resources.js';
import { applyPatch, patchTypeOf } from '../patch.js';
import {
  alreadyExists, badRequest, conflict, invalid, notFound, unsupportedMediaType,
} from '../status.js';
import { readBody, sendJson, sendStatus } from '../respond.js';
import { StoreError } from '../../store/objectStore.js';
import { withTypeMeta, withoutTypeMeta, type KubeObject } from '../../store/kubeObject.js';
import { randomSuffix } from '../../store/names.js';

type Handler = (
  ctx: ApiContext, req: IncomingMessage, res: ServerResponse, def: ResourceDef,
  namespace: string | undefined, name: string | undefined, subresource: string | undefined,
) => Promise<void>;

export const createObject: Handler = async (ctx, req, res, def, namespace) => {
  const obj = await decodeBody(req, res, def);
  if (!obj) return;
  if (namespace && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    return sendStatus(req, res, badRequest('the namespace of the provided object does not match the namespace sent on the request'));
  }
  if (def.namespaced) {
    if (!ctx.store.get('namespaces', undefined, namespace!)) return sendStatus(req, res, notFound('namespaces', namespace!));
    obj.metadata = { ...obj.metadata, namespace };
  }
  if (!obj.metadata.name && obj.metadata.generateName) {
    obj.metadata = { ...obj.metadata, name: obj.metadata.generateName + randomSuffix() };
  }
  const admitted = admit(req, res, () => ctx.admission.create(def, obj));
  if (!admitted) return;
  if (isDryRun(req)) return sendJson(req, res, 201, withTypeMeta(admitted, def.kind, apiVersionOf(def)));
  try {
    const stored = ctx.store.create(def.name, admitted);
    sendJson(req, res, 201, withTypeMeta(stored, def.kind, apiVersionOf(def)));
  } catch (e) {
    if (e instanceof StoreError) return sendStatus(req, res, alreadyExists(def.name, admitted.metadata.name!, def.group));
    throw e;
  }
};

export const replaceObject: Handler = async (ctx, req, res, def, namespace, name, subresource) => {
  const obj = await decodeBody(req, res, def);
  if (!obj) return;
  await store(ctx, req, res, def, namespace, name!, subresource, () => obj, obj.metadata.resourceVersion);
};

export const patchObject: Handler = async (ctx, req, res, def, namespace, name, subresource) => {
  const type = patchTypeOf(req.headers['content-type']);
  if (!type) return sendStatus(req, res, unsupportedMediaType());
  const raw = (await readBody(req)).toString('utf8');
  let patch: unknown;
  try {
    patch = JSON.parse(raw);
  } catch (e) {
    return sendStatus(req, res, badRequest(`error decoding patch: ${(e as Error).message}`));
  }
  const rvInPatch = (patch as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
  await store(ctx, req, res, def, namespace, name!, subresource, (current) => applyPatch(current, patch, type), rvInPatch);
};

export const deleteObject: Handler = async (ctx, req, res, def, namespace, name) => {
  const current = ctx.store.get(def.name, namespace, name!);
  if (!current) return sendStatus(req, res, notFound(def.name, name!, def.group));
  const grace = await gracePeriodOf(req);
  if (isDryRun(req)) return sendJson(req, res, 200, withTypeMeta(current, def.kind, apiVersionOf(def)));
  const goneNow = ctx.admission.delete(def, current, grace);
  const answer = goneNow
    ? ctx.store.remove(def.name, namespace, name!)
    : ctx.store.get(def.name, namespace, name!) ?? current;
  sendJson(req, res, 200, withTypeMeta(answer, def.kind, apiVersionOf(def)));
};

async function store(
  ctx: ApiContext, req: IncomingMessage, res: ServerResponse, def: ResourceDef, namespace: string | undefined,
  name: string, subresource: string | undefined, change: (current: KubeObject) => KubeObject, expectedRv: string | undefined,
): Promise<void> {
  const current = ctx.store.get(def.name, namespace, name);
  if (!current) return sendStatus(req, res, notFound(def.name, name, def.group));
  let next: KubeObject;
  try {
    next = withoutTypeMeta(change(structuredClone(current)));
  } catch (e) {
    return sendStatus(req, res, badRequest((e as Error).message));
  }
  if (next.metadata?.name !== undefined && next.metadata.name !== name) {
    return sendStatus(req, res, badRequest('the name of the object does not match the name on the URL'));
  }
  // A write to /status changes only status; a write to the object leaves status alone.
  if (subresource === 'status') next = { ...current, status: next.status };
  else if (subresource === 'ephemeralcontainers') {
    const added = (next.spec as { ephemeralContainers?: unknown[] } | undefined)?.ephemeralContainers;
    next = { ...current, spec: { ...(current.spec as object), ephemeralContainers: added } };
  }
  else if (subresource === undefined && 'status' in current) next = { ...next, status: current.status };
  next.metadata = { ...next.metadata, name, namespace: current.metadata.namespace };
  const admitted = admit(req, res, () => ctx.admission.update(def, next, current));
  if (!admitted) return;
  if (isDryRun(req)) return sendJson(req, res, 200, withTypeMeta(admitted, def.kind, apiVersionOf(def)));
  try {
    const stored = ctx.store.update(def.name, admitted, expectedRv);
    sendJson(req, res, 200, withTypeMeta(stored, def.kind, apiVersionOf(def)));
  } catch (e) {
    if (e instanceof StoreError && e.reason === 'Conflict') return sendStatus(req, res, conflict(def.name, name, def.group));
    if (e instanceof StoreError) return sendStatus(req, res, notFound(def.name, name, def.group));
    throw e;
  }
}

function admit(req: IncomingMessage, res: ServerResponse, run: () => KubeObject): KubeObject | undefined {
  try {
    return run();
  } catch (e) {
    if (e instanceof InvalidObject) {
      sendStatus(req, res, invalid(e.kind, e.name, e.causes));
      return undefined;
    }
    throw e;
  }
}

async function decodeBody(req: IncomingMessage, res: ServerResponse, def: ResourceDef): Promise<KubeObject | undefined> {
  const ct = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
  if (ct !== 'application/json' && ct !== '*/*') {
    sendStatus(req, res, unsupportedMediaType());
    return undefined;
  }
  const raw = (await readBody(req)).toString('utf8');
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch (e) {
    const excerpt = raw.length > 30 ? `${raw.slice(0, 30)} ...` : raw;
    sendStatus(req, res, badRequest(
      `the object provided is unrecognized (must be of type ${def.kind}): couldn't get version/kind; json parse error: ${goJsonError(e as Error, raw)} (${excerpt})`,
    ));
    return undefined;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    sendStatus(req, res, badRequest(`the object provided is unrecognized (must be of type ${def.kind})`));
    return undefined;
  }
  const o = obj as KubeObject;
  const shape = shapeError(def, o as Record<string, unknown>);
  if (shape) {
    sendStatus(req, res, badRequest(shape));
    return undefined;
  }
  if (o.kind !== undefined && o.kind !== def.kind) {
    sendStatus(req, res, badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${apiVersionOf(def)})`));
    return undefined;
  }
  o.metadata = { ...(o.metadata ?? {}) };
  return withoutTypeMeta(o);
}

// Go's encoding/json words the common failure this way; other failures keep V8's wording.
function goJsonError(e: Error, raw: string): string {
  const at = /position (\d+)/.exec(e.message);
  const pos = at ? Number(at[1]) : raw.length;
  if (pos >= raw.trimEnd().length || /end of JSON input|Unterminated/.test(e.message)) return 'unexpected end of JSON input';
  return `invalid character '${raw[pos]}' looking for beginning of value`;
}

const GO_TYPE_OF: Record<string, string> = { string: 'string', number: 'number', boolean: 'bool', object: 'array' };

/** Fields whose JSON type is wrong fail decoding (400) in the apiserver, before validation (422). */
function shapeError(def: ResourceDef, o: Record<string, unknown>): string | undefined {
  const version = apiVersionOf(def);
  const fail = (value: unknown, field: string, type: string) =>
    `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: json: cannot unmarshal ${GO_TYPE_OF[typeof value] ?? typeof value} into Go struct field ${field} of type ${type}`;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  void version;
  if (o.metadata !== undefined && o.metadata !== null && !isObject(o.metadata)) return fail(o.metadata, `${def.kind}.metadata`, 'v1.ObjectMeta');
  if (o.spec !== undefined && o.spec !== null && !isObject(o.spec)) return fail(o.spec, `${def.kind}.spec`, `v1.${def.kind}Spec`);
  const containers = (o.spec as { containers?: unknown } | undefined)?.containers;
  if (def.name === 'pods' && containers !== undefined && containers !== null && !Array.isArray(containers)) {
    return fail(containers, 'PodSpec.spec.containers', '[]v1.Container');
  }
  return undefined;
}

async function gracePeriodOf(req: IncomingMessage): Promise<number | undefined> {
  const q = new URL(req.url ?? '/', 'https://lab').searchParams;
  if (q.has('gracePeriodSeconds')) return Number(q.get('gracePeriodSeconds'));
  const body = (await readBody(req)).toString('utf8').trim();
  if (!body) return undefined;
  try {
    const opts = JSON.parse(body) as { gracePeriodSeconds?: number };
    return opts.gracePeriodSeconds;
  } catch {
    return undefined;
  }
}

function isDryRun(req: IncomingMessage): boolean {
  return new URL(req.url ?? '/', 'https://lab').searchParams.get('dryRun') === 'All';
}

