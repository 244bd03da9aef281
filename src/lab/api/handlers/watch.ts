// A watch stream as the apiserver's watch cache serves it: a replay from the requested version
// (or synthetic ADDED events for "now"), live changes filtered by the selectors, bookmarks when
// asked for, an ERROR 410 event when the version is too old, and an end at timeoutSeconds.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from '../context.js';
import { apiVersionOf, inVersion, type ResourceDef } from '../resources.js';
import { filterOf, type Filter } from '../filters.js';
import { negotiate } from '../negotiate.js';
import { buildTable } from '../table.js';
import { badRequest, goJson, invalidListOptions, notAcceptable } from '../status.js';
import { baseHeaders, sendStatus } from '../respond.js';
import { includeObjectOf, tableApiVersion } from './read.js';
import { bookmarkObject } from '../bookmark.js';
import type { Change, ChangeType } from '../../store/objectStore.js';
import { withTypeMeta, type KubeObject } from '../../store/kubeObject.js';

// A client this far behind is dropped, as the apiserver drops a watcher whose buffer fills.
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export function watchObjects(
  ctx: ApiContext, req: IncomingMessage, res: ServerResponse, def: ResourceDef,
  namespace: string | undefined, name: string | undefined, query: URLSearchParams,
): void {
  if (query.has('resourceVersionMatch')) {
    return sendStatus(req, res, invalidListOptions(query.get('resourceVersion') ?? ''));
  }
  let filter: Filter;
  try {
    filter = filterOf(def.name, name ? withNameSelector(query, name) : query, namespace);
  } catch (e) {
    return sendStatus(req, res, badRequest((e as Error).message));
  }
  const want = negotiate(req.headers.accept);
  if (want.form === 'notAcceptable') return sendStatus(req, res, want.error ?? notAcceptable());
  const asTable = want.form === 'table';
  const includeObject = includeObjectOf(req);
  let firstTableRow = true;

  const encode = (type: string, obj: KubeObject): string => {
    let object: unknown;
    if (asTable && type !== 'ERROR') {
      object = buildTable(def.name, [obj], {
        now: ctx.clock(), includeObject, apiVersion: tableApiVersion(want.tableVersion),
        listMeta: { resourceVersion: obj.metadata.resourceVersion ?? '' }, columnDefinitions: firstTableRow,
      });
      firstTableRow = false;
    } else {
      object = type === 'ERROR' ? obj : withTypeMeta(type === 'BOOKMARK' ? obj : inVersion(def, obj), def.kind, apiVersionOf(def));
    }
    return `${goJson({ type, object })}\n`;
  };

  res.writeHead(200, baseHeaders('application/json'));
  res.flushHeaders();
  ctx.watches.add(res);

  let lastSentRv = 0;
  let closed = false;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  let endTimer: NodeJS.Timeout | undefined;
  const send = (type: string, obj: KubeObject, rv: number) => {
    if (closed) return;
    if (res.writableEnded || res.destroyed) return close(); // ended by drop-watches or the client
    lastSentRv = Math.max(lastSentRv, rv);
    res.write(encode(type, obj));
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      close();
    }
  };
  const sendChange = (c: Change) => {
    if (c.resource !== def.name || c.rv <= lastSentRv) return;
    const type = visibleType(c, filter);
    if (type) send(type, type === 'DELETED' && c.type !== 'DELETED' ? atVersion(c.previous!, c.rv) : c.object, c.rv);
  };

  // Subscribe first, so nothing that happens while the backlog is written is missed.
  const queued: Change[] = [];
  let replaying = true;
  const unsubscribe = ctx.store.subscribe((c) => (replaying ? queued.push(c) : sendChange(c)));

  const rvParam = query.get('resourceVersion') ?? '';
  if (rvParam === '' || rvParam === '0') {
    const now = ctx.store.resourceVersion;
    for (const obj of ctx.store.list(def.name, namespace)) {
      if (filter.matches(obj)) send('ADDED', obj, 0);
    }
    lastSentRv = now;
  } else {
    const from = Number(rvParam);
    const backlog = Number.isFinite(from) ? ctx.store.changesSince(def.name, from) : 'expired';
    if (backlog === 'expired') {
      send('ERROR', tooOld(rvParam, ctx.store.oldestKept(def.name)) as unknown as KubeObject, 0);
      replaying = false;
      return close();
    }
    lastSentRv = from;
    for (const c of backlog) sendChange(c);
  }
  replaying = false;
  for (const c of queued) sendChange(c);

  const bookmarks = query.get('allowWatchBookmarks') === 'true' || query.get('allowWatchBookmarks') === '1';
  const sendBookmark = () => {
    const rv = Math.max(lastSentRv, ctx.store.resourceVersion);
    send('BOOKMARK', bookmarkObject(def, String(rv)), rv);
  };
  bookmarkTimer = bookmarks ? setInterval(sendBookmark, ctx.bookmarkIntervalMs) : undefined;
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  // Without a timeout the apiserver picks one between 30 and 60 minutes.
  const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 : (1800 + Math.random() * 1800) * 1000;
  endTimer = setTimeout(() => {
    if (bookmarks) sendBookmark();
    close();
  }, timeoutMs);

  function close() {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(bookmarkTimer);
    clearTimeout(endTimer);
    ctx.watches.delete(res);
    if (!res.writableEnded) res.end();
  }
  req.on('close', close);
  res.on('close', close);
  res.on('error', close);
}

// An object that stops matching the selectors is DELETED for this watcher; one that starts, ADDED.
function visibleType(c: Change, filter: Filter): ChangeType | undefined {
  const now = c.type !== 'DELETED' && filter.matches(c.object);
  const before = c.previous !== undefined && filter.matches(c.previous);
  if (c.type === 'DELETED') return before ? 'DELETED' : undefined;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}

function atVersion(obj: KubeObject, rv: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
}

function withNameSelector(query: URLSearchParams, name: string): URLSearchParams {
  const q = new URLSearchParams(query);
  const fs = q.get('fieldSelector');
  q.set('fieldSelector', fs ? `${fs},metadata.name=${name}` : `metadata.name=${name}`);
  return q;
}

function tooOld(rv: string, oldest: number) {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: `too old resource version: ${rv} (${oldest})`, reason: 'Expired', code: 410,
  };
}
