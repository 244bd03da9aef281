// An informer per resource, on client-node's ListWatch: list (paged, each page handed out as it
// arrives so the first screenful shows while 20,000 pods still load), then watch from the list's
// resourceVersion; a 410 relists (ListWatch does that), any other failure is retried here with
// capped exponential backoff (ListWatch 1.4 stops for good on an error), until stop().
import { ListWatch } from '@kubernetes/client-node';
import type { Session } from './session.js';
import { getJson } from './request.js';
import { ResilientWatch, type Slim } from './resilientWatch.js';

export interface InformerHandlers<V> {
  /** A page of a (re)list, as soon as it arrives. */
  onPage: (views: V[]) => void;
  onUpsert: (view: V) => void;
  onDelete: (view: V) => void;
  /** The watch is open: what was handed out is current. */
  onSynced: () => void;
  onError: (err: unknown, retryInMs: number) => void;
}

export interface InformerSpec<J, V> {
  /** e.g. /api/v1/pods or /api/v1/namespaces/default/pods */
  path: string;
  toView: (obj: J) => V;
  pageSize?: number;
}

interface ListJson<J> {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: J[];
}

const BACKOFF_START_MS = 500;
// Capped low: a person is looking at "reconnecting"; one list every 10 s costs a cluster little.
const BACKOFF_MAX_MS = 10_000;

export function startInformer<J extends { metadata?: { name?: string; namespace?: string; resourceVersion?: string } }, V>(
  session: Session, spec: InformerSpec<J, V>, h: InformerHandlers<V>,
): { stop: () => void } {
  let stopped = false;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  const abort = new AbortController();
  const slim = (obj: J): Slim<V> => ({
    metadata: { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace, resourceVersion: obj.metadata?.resourceVersion },
    view: spec.toView(obj),
  });

  const list = async () => {
    const items: Slim<V>[] = [];
    let cont = '';
    let resourceVersion = '';
    do {
      const query = `?limit=${spec.pageSize ?? 500}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      const page = await getJson<ListJson<J>>(session.kc, spec.path + query, { signal: abort.signal });
      if (stopped) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
      const slims = (page.items ?? []).map(slim);
      h.onPage(slims.map((s) => s.view));
      for (const s of slims) items.push(s);
      cont = page.metadata?.continue ?? '';
      resourceVersion = page.metadata?.resourceVersion ?? '';
    } while (cont);
    return { metadata: { resourceVersion }, items };
  };

  const watch = new ResilientWatch<J, V>(session.kc, slim, {
    stopped: () => stopped,
    onConnected: () => {
      failures = 0;
      if (!stopped) h.onSynced();
    },
  });
  // ListWatch's types want the generated client's shapes; ours are the slim objects it caches.
  const informer = new ListWatch<Slim<V> & { kind?: string }>(spec.path, watch as never, list as never, false);
  informer.on('add', (o) => !stopped && h.onUpsert(o.view));
  informer.on('update', (o) => !stopped && h.onUpsert(o.view));
  informer.on('delete', (o) => !stopped && h.onDelete(o.view));
  informer.on('error', (err) => {
    if (stopped) return;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** failures++) * (0.8 + Math.random() * 0.4);
    h.onError(err, Math.round(delay));
    // One retry at a time: a failing watch and a failing relist may both report.
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      if (!stopped) informer.start().catch(() => {});
    }, delay);
  });
  informer.start().catch(() => {});
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      abort.abort();
      void informer.stop();
    },
  };
}
