// The pods (and, for Service targets, EndpointSlices) of one namespace, kept current by the
// resilient informers of src/kube, shared by every forward into that namespace and stopped with
// the last of them.
import { startInformer } from '../kube/informer.js';
import { classify } from '../kube/kubeErrors.js';
import type { Session } from '../kube/session.js';
import type { PodInfo } from './follow.js';
import { podInfo, sliceInfo, type EndpointSliceJson, type PodJson, type SliceInfo } from './views.js';

export class NamespaceWatch {
  readonly pods = new Map<string, PodInfo>();
  readonly slices = new Map<string, SliceInfo>();
  /** One sentence while a watch is failing (the API server lost, a permission missing). */
  error: string | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly stops: (() => void)[] = [];
  private slicesStarted = false;
  private readonly synced = { pods: false, slices: false };
  private readonly waiters: { what: 'pods' | 'slices'; resolve: () => void }[] = [];

  constructor(private readonly session: Session, readonly namespace: string) {
    this.stops.push(this.start('pods', `/api/v1/namespaces/${namespace}/pods`, (p: PodJson) => podInfo(p), this.pods).stop);
  }

  /** Also watch EndpointSlices (the first Service target in this namespace asks). */
  watchSlices(): void {
    if (this.slicesStarted) return;
    this.slicesStarted = true;
    this.stops.push(this.start('slices', `/apis/discovery.k8s.io/v1/namespaces/${this.namespace}/endpointslices`, (s: EndpointSliceJson) => sliceInfo(s), this.slices).stop);
  }

  /** Resolves once the watch has listed (or after `timeoutMs`, with whatever it has). */
  whenSynced(what: 'pods' | 'slices', timeoutMs: number): Promise<void> {
    if (this.synced[what]) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push({ what, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get idle(): boolean {
    return this.listeners.size === 0;
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private start<J extends { metadata?: { name?: string } }, V extends { name: string }>(
    what: 'pods' | 'slices', path: string, toView: (obj: J) => V, into: Map<string, V>,
  ) {
    return startInformer<J & { metadata?: { name?: string; namespace?: string; resourceVersion?: string } }, V>(this.session, { path, toView }, {
      onPage: (views) => {
        for (const v of views) into.set(v.name, v);
        this.changed();
      },
      onUpsert: (v) => {
        into.set(v.name, v);
        this.changed();
      },
      onDelete: (v) => {
        into.delete(v.name);
        this.changed();
      },
      onSynced: () => {
        this.synced[what] = true;
        for (const w of this.waiters.filter((x) => x.what === what)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
        if (this.error !== null) {
          this.error = null;
          this.changed();
        }
      },
      onError: (err, retryInMs) => {
        const op = { verb: 'watch' as const, resource: what === 'pods' ? 'pods' : 'endpointslices', namespace: this.namespace };
        this.error = `${classify(err, op, this.session.failure).message.replace(/\.$/, '')}; retrying in ${Math.max(1, Math.round(retryInMs / 1000))} s.`;
        this.changed();
      },
    });
  }
}
