// GET of one object or a collection, in the form the client asked for: JSON, Table or metadata.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from '../context.js';
import type { ResourceDef } from '../resources.js';
import { apiVersionOf } from '../resources.js';
import { filterOf } from '../filters.js';
import { negotiate } from '../negotiate.js';
import { buildTable } from '../table.js';
import { badRequest, decodeContinue, encodeContinue, expired, notAcceptable, notFound } from '../status.js';
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
      return sendJson(req, res, 200, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata });
    case 'notAcceptable':
      return sendStatus(req, res, notAcceptable());
    default:
      return sendJson(req, res, 200, withTypeMeta(obj, def.kind, apiVersionOf(def)));
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
    if (decoded.rv < ctx.store.oldestKept(def.name)) {
      return sendStatus(req, res, expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'));
    }
    startKey = decoded.start;
    listRv = decoded.rv;
  }
  const all = ctx.store.list(def.name, namespace, startKey).filter((o) => filter.matches(o));
  const page = limit > 0 ? all.slice(0, limit) : all;
  const listMeta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = {
    resourceVersion: String(listRv),
  };
  if (limit > 0 && all.length > limit) {
    const last = page[page.length - 1]!.metadata;
    listMeta.continue = encodeContinue({ rv: listRv, start: `${objectKey(last.namespace, last.name!)}\u0000` });
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
        items: page.map((o) => ({ metadata: o.metadata })),
      });
    case 'notAcceptable':
      return sendStatus(req, res, notAcceptable());
    default:
      return sendJson(req, res, 200, { kind: def.listKind, apiVersion: apiVersionOf(def), metadata: listMeta, items: page });
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
