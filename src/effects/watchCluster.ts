// The cluster -> store path: one informer for pods (in the scope shown) and one for nodes, their
// events batched (100 ms, last change per uid wins) into pods/changed and nodes/changed, their
// health into watch/synced and watch/failed with one readable sentence.
import type { Action } from '../state/actions.js';
import type { NamespaceScope, NodeView, PodView } from '../state/model.js';
import { startInformer } from '../kube/informer.js';
import { classify, type Operation } from '../kube/kubeErrors.js';
import { nodeView, podView, type NodeJson, type PodJson } from '../kube/toView.js';
import type { Session } from '../kube/session.js';
import { createBatcher, type Batch } from './batcher.js';

export const BATCH_MS = 100;
/** A change after a quiet spell is shown after this long (it may have company). */
export const QUIET_MS = 15;

export interface ClusterWatch {
  stop: () => void;
}

export function watchPods(session: Session, scope: NamespaceScope, dispatch: (a: Action) => void): ClusterWatch {
  const path = scope.all ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(scope.namespace)}/pods`;
  return watchBatched<PodJson, PodView>(session, {
    path,
    toView: podView,
    idOf: (p) => p.uid,
    op: { verb: 'list', resource: 'pods', namespace: scope.all ? undefined : scope.namespace },
    onBatch: (b) => dispatch({ type: 'pods/changed', upserts: b.upserts, deleted: b.deletes.map((p) => ({ key: p.key, uid: p.uid })), at: Date.now() }),
    onSynced: () => dispatch({ type: 'watch/synced', resource: 'pods' }),
    onFailed: (message, retryInMs) => dispatch({ type: 'watch/failed', resource: 'pods', message, retryInMs }),
  });
}

export function watchNodes(session: Session, dispatch: (a: Action) => void): ClusterWatch {
  return watchBatched<NodeJson, NodeView>(session, {
    path: '/api/v1/nodes',
    toView: nodeView,
    idOf: (n) => n.uid,
    op: { verb: 'list', resource: 'nodes' },
    onBatch: (b) => dispatch({ type: 'nodes/changed', upserts: b.upserts, deleted: b.deletes.map((n) => n.name) }),
    onSynced: () => dispatch({ type: 'watch/synced', resource: 'nodes' }),
    onFailed: (message, retryInMs) => dispatch({ type: 'watch/failed', resource: 'nodes', message, retryInMs }),
  });
}

export interface BatchedWatch<J, V> {
  path: string;
  toView: (j: J) => V;
  idOf: (v: V) => string;
  /** What the informer does, for the failure sentence (403 names the verb and resource). */
  op: Operation;
  onBatch: (b: Batch<V>) => void;
  onSynced: () => void;
  onFailed: (message: string, retryInMs: number) => void;
}

/** One informer whose events reach the store in batches, and whose health reaches it as sentences. */
export function watchBatched<J extends { metadata?: { name?: string } }, V>(session: Session, w: BatchedWatch<J, V>): ClusterWatch {
  const batcher = createBatcher<V>({ delayMs: BATCH_MS, quietMs: QUIET_MS, idOf: w.idOf, onBatch: w.onBatch });
  const informer = startInformer<J, V>(session, { path: w.path, toView: w.toView }, {
    onPage: (views) => {
      for (const v of views) batcher.upsert(v);
      batcher.flush();
    },
    onUpsert: batcher.upsert,
    onDelete: batcher.delete,
    onSynced: () => {
      batcher.flush();
      w.onSynced();
    },
    onError: (err, retryInMs) => {
      const f = classify(err, w.op, session.failure);
      if (f.kind === 'aborted') return;
      w.onFailed(f.hint ? `${f.message} Try: ${f.hint}.` : f.message, retryInMs);
    },
  });
  return {
    stop() {
      informer.stop();
      batcher.cancel();
    },
  };
}
