// client-node's Watch, as the informer's transport, with what 1.4 lacks: bookmarks requested,
// a server-side timeout so watches are renewed, a stall detector (no event and no bookmark for
// STALL_MS -> abort, and the informer resumes from its resourceVersion), objects slimmed to views
// before the informer caches them, and failures reported through `done` instead of a rejection.
import { Watch, type KubeConfig } from '@kubernetes/client-node';

export interface Slim<V> {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  view: V;
}

export interface WatchHooks {
  /** The watch is open: the informer's data is current from here on. */
  onConnected: () => void;
  /** ListWatch 1.4 starts its watch after a list without checking whether it was stopped meanwhile. */
  stopped: () => boolean;
}

type Callback = (phase: string, obj: any, watchObj?: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
type Done = (err: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

export class ResilientWatch<J, V> {
  private readonly inner: Watch;

  constructor(
    kc: KubeConfig,
    private readonly slim: (obj: J) => Slim<V>,
    private readonly hooks: WatchHooks,
    private readonly stallMs = 90_000,
  ) {
    this.inner = new Watch(kc);
  }

  async watch(path: string, query: Record<string, string | number | boolean | undefined>, callback: Callback, done: Done): Promise<AbortController> {
    let lastActivity = Date.now();
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: unknown) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      done(err);
    };
    if (this.hooks.stopped()) {
      queueMicrotask(() => finish(null));
      return new AbortController();
    }
    const q = { ...query, allowWatchBookmarks: true, timeoutSeconds: 300 + Math.floor(Math.random() * 300) };
    let controller: AbortController;
    try {
      controller = await this.inner.watch(path, q, (phase, obj, raw) => {
        lastActivity = Date.now();
        if (phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED') callback(phase, this.slim(obj as J), raw);
        else callback(phase, obj, raw);
      }, finish);
    } catch (e) {
      // e.g. the exec plugin failed while the request was being authenticated
      queueMicrotask(() => finish(e));
      return new AbortController();
    }
    if (this.hooks.stopped()) {
      controller.abort();
      return controller;
    }
    if (!finished) {
      this.hooks.onConnected();
      timer = setInterval(() => {
        if (Date.now() - lastActivity > this.stallMs) controller.abort();
      }, Math.min(this.stallMs, 10_000));
      timer.unref();
    }
    return controller;
  }
}
