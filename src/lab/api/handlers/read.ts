// GET of one object or a collection, in the form the client asked for: JSON, Table or metadata.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from '../context.js';
import type { ResourceDef } from '../resources.js';
import { apiVersionOf, inVersion } from '../resources.js';
import { filterOf } from '../filters.js';
import { negotiate } from '../negotiate.js';
import { buildTable, toPartialObjectMetadata } from '../table.js';
import { decodeContinue, encodeContinue } from '../continueToken.js';
import { badRequest, expiredContinue, notAcceptable, notFound } from '../status.js';
import { sendJson, sendStatus } from '../respond.js';
import { objectKey } from '../../store/objectStore.js';
import { withTypeMeta, type KubeObject } from '../../store/kubeObject.js';

export function getObject(
  ctx: ApiContext, req: IncomingMessage, res: ServerResponse, def: ResourceDef, namespace: string | undefined, name: string,
): void {
  const obj = ctx.store.get(def.name, namespace, name);
  if (!obj) return sendStatus(req, res, notFound(def.name, name, def.group));
  const want = negotiate(req.headers.accept);
  switch (want.form) {
    case 'table':
      return sendJson(req, res, 200, buildTable(def.name, [obj], {
        now: ctx.clock(), includeObject: includeObjectOf(req), apiVersion: tableApiVersion(want.tableVersion),
        listMeta: { resourceVersion: obj.metadata.resourceVersion ?? '' }, columnDefinitions: true,
      }));
    case 'partialMetadata':
    case 'partialMetadataList':
      return sendJson(req, res, 200, toPartialObjectMetadata(obj, 'meta.k8s.io/v1'));
    case 'notAcceptable':
      return sendStatus(req, res, want.error ?? notAcceptable());
    default:
      return sendJson(req, res, 200, withTypeMeta(inVersion(def, obj), def.kind, apiVersionOf(def)));
  }
}

export function listObjects(
  ctx: ApiContext, req: IncomingMessage, res: ServerResponse, def: ResourceDef, namespace: string | undefined, query: URLSearchParams,
): void {
  let filter;
  try {
    filter = filterOf(def.name, query);
  } catch (e) {
    return sendStatus(req, res, badRequest((e as Error).message));
  }
  const limit = Math.max(0, Number(query.get('limit') ?? 0) || 0);
  let startKey: string | undefined;
  let listRv = ctx.store.resourceVersion;
  const token = query.get('continue');
  if (token) {
    let decoded;
    try {
      decoded = decodeContinue(token);
    } catch (e) {
      return sendStatus(req, res, badRequest((e as Error).message));
    }
    // Tokens name keys relative to what is listed: `ns/name` across namespaces, `name` within one.
    startKey = namespace ? `${namespace}/${decoded.start}` : decoded.start;
    listRv = decoded.rv;
  }
  const snapshot = ctx.store.listAt(def.name, listRv, namespace, startKey);
  if (!snapshot) {
    return sendStatus(req, res, expiredContinue(encodeContinue({ rv: -1, start: relativeKey(startKey ?? '', namespace) })));
  }
  const all = snapshot.filter((o) => filter.matches(o));
  const page = limit > 0 ? all.slice(0, limit) : all;
  const listMeta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = {
    resourceVersion: String(listRv),
  };
  if (limit > 0 && all.length > limit) {
    const last = page[page.length - 1]!.metadata;
    listMeta.continue = encodeContinue({ rv: listRv, start: `${relativeKey(objectKey(last.namespace, last.name!), namespace)}\u0000` });
    if (filter.everything) listMeta.remainingItemCount = all.length - limit;
  }
  const want = negotiate(req.headers.accept);
  switch (want.form) {
    case 'table':
      return sendJson(req, res, 200, buildTable(def.name, page, {
        now: ctx.clock(), includeObject: includeObjectOf(req), apiVersion: tableApiVersion(want.tableVersion),
        listMeta, columnDefinitions: true,
      }));
    case 'partialMetadata':
    case 'partialMetadataList':
      return sendJson(req, res, 200, {
        kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: listMeta,
        items: page.map((o) => toPartialObjectMetadata(o, 'meta.k8s.io/v1')),
      });
    case 'notAcceptable':
      return sendStatus(req, res, want.error ?? notAcceptable());
    default:
      return sendJson(req, res, 200, {
        kind: def.listKind, apiVersion: apiVersionOf(def), metadata: listMeta,
        items: def.fromStorage ? page.map(def.fromStorage) : page,
      });
  }
}

export function includeObjectOf(req: IncomingMessage): 'None' | 'Metadata' | 'Object' {
  const v = new URL(req.url ?? '/', 'https://lab').searchParams.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

export type { KubeObject };

export function tableApiVersion(v: string | undefined): 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1' {
  return v === 'v1beta1' ? 'meta.k8s.io/v1beta1' : 'meta.k8s.io/v1';
}

function relativeKey(key: string, namespace: string | undefined): string {
  return namespace && key.startsWith(`${namespace}/`) ? key.slice(namespace.length + 1) : key;
}
