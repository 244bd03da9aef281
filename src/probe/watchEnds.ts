// Watches the two pods of a probe (one field-selector watch each) and reports, once, the first
// thing that ends it: a pod deleted, being deleted, replaced by a new one (a restart: new uid),
// its containers restarted or no longer running, or the API server no longer answering.
// Used by `podnet probe` and the console alike: they call ProbeRun.stop(reason, message).
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { ApiError, getJson } from '../kube/request.js';
import { cleanText } from '../state/sanitize.js';

export type EndRole = 'source' | 'target';
export type EndedReason = 'source-gone' | 'target-gone' | 'api-lost';

export interface WatchedPod {
  role: EndRole;
  namespace: string;
  pod: string;
  /** The uid the probe started against; without it, the uid found first. */
  uid?: string;
}

export interface EndsWatch {
  /** Settles once every watch is open (or the end was already found). */
  ready: Promise<void>;
  stop(): void;
}

interface PodJson {
  metadata: { uid?: string; resourceVersion?: string; deletionTimestamp?: string };
  status?: { phase?: string; containerStatuses?: { restartCount?: number }[] };
}

/** How often a broken watch is retried before the API counts as lost. */
const RETRIES = 3;

export function watchEnds(kc: KubeConfig, pods: WatchedPod[], onEnd: (reason: EndedReason, message: string) => void, o: { retryMs?: number } = {}): EndsWatch {
  let over = false;
  const controllers: AbortController[] = [];
  const end = (reason: EndedReason, message: string) => {
    if (over) return;
    over = true;
    for (const c of controllers) c.abort();
    onEnd(reason, message);
  };
  const ready = Promise.all(pods.map((p) => follow(p))).then(() => {});

  async function follow(p: WatchedPod): Promise<void> {
    const name = `${cleanText(p.namespace)}/${cleanText(p.pod)}`;
    const gone = (why: string) => end(p.role === 'source' ? 'source-gone' : 'target-gone', `The ${p.role} pod ${name} ${why}; the probe ended.`);
    let uid = p.uid;
    let restarts: number | undefined;
    let failures = 0;
    /** Checks one state of the pod; true when it ends the probe. */
    const check = (pod: PodJson): boolean => {
      if (uid && pod.metadata.uid !== uid) return gone('was restarted (a new pod replaced it)'), true;
      uid ??= pod.metadata.uid;
      if (pod.metadata.deletionTimestamp) return gone('is being deleted'), true;
      const phase = pod.status?.phase;
      if (phase && phase !== 'Running') return gone(`is no longer running (${cleanText(phase)})`), true;
      const count = (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
      if (restarts !== undefined && count > restarts) return gone('restarted its containers'), true;
      restarts = count;
      return false;
    };
    const path = `/api/v1/namespaces/${encodeURIComponent(p.namespace)}/pods`;
    for (;;) {
      if (over) return;
      let rv: string | undefined;
      try {
        const pod = await getJson<PodJson>(kc, `${path}/${encodeURIComponent(p.pod)}`, { timeoutMs: 10_000 });
        if (check(pod)) return;
        rv = pod.metadata.resourceVersion;
        failures = 0;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return gone('was deleted');
        if (++failures > RETRIES) return end('api-lost', `The API server stopped answering (${cleanText((e as Error)?.message ?? String(e))}); the probe ended.`);
        await sleep(o.retryMs ?? 1_000);
        continue;
      }
      const closed = await new Promise<unknown>((resolve) => {
        const opened = new Watch(kc).watch(path, { fieldSelector: `metadata.name=${p.pod}`, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 300 }, (type, obj: PodJson) => {
          if (type === 'DELETED') gone('was deleted');
          else if (type === 'ADDED' || type === 'MODIFIED') check(obj);
        }, resolve);
        opened.then((c) => (over ? c.abort() : controllers.push(c)), resolve);
      });
      if (over) return;
      // A clean end is the server's timeout: go on. An error gets the same GET-then-watch retry.
      if (closed) await sleep(o.retryMs ?? 1_000);
    }
  }

  // The first watch open is "ready"; later re-watches run in the background.
  const firstOpen = Promise.race([ready, sleep(0).then(() => waitOpen())]);
  async function waitOpen(): Promise<void> {
    while (!over && controllers.length < pods.length) await sleep(20);
  }
  return {
    ready: firstOpen,
    stop() {
      over = true;
      for (const c of controllers) c.abort();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
