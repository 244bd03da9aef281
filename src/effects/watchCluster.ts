// The cluster -> store path: one informer for pods (in the scope shown) and one for nodes, their
// events batched (100 ms, last change per uid wins) into pods/changed and nodes/changed, their
// health into watch/synced and watch/failed with one readable sentence.
import type { Action, Resource } from '../state/actions.js';
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
  const op: Operation = { verb: 'list', resource: 'pods', namespace: scope.all ? undefined : scope.namespace };
  const batcher = createBatcher<PodView>({
    delayMs: BATCH_MS,
    quietMs: QUIET_MS,
    idOf: (p) => p.uid,
    onBatch: (b: Batch<PodView>) =>
      dispatch({ type: 'pods/changed', upserts: b.upserts, deleted: b.deletes.map((p) => ({ key: p.key, uid: p.uid })), at: Date.now() }),
  });
  return watchResource<PodJson, PodView>(session, 'pods', path, podView, batcher, op, dispatch);
}

export function watchNodes(session: Session, dispatch: (a: Action) => void): ClusterWatch {
  const batcher = createBatcher<NodeView>({
    delayMs: BATCH_MS,
    quietMs: QUIET_MS,
    idOf: (n) => n.uid,
    onBatch: (b) => dispatch({ type: 'nodes/changed', upserts: b.upserts, deleted: b.deletes.map((n) => n.name) }),
  });
  return watchResource<NodeJson, NodeView>(session, 'nodes', '/api/v1/nodes', nodeView, batcher, { verb: 'list', resource: 'nodes' }, dispatch);
}

function watchResource<J extends { metadata?: { name?: string } }, V>(
  session: Session, resource: Resource, path: string, toView: (j: J) => V,
  batcher: ReturnType<typeof createBatcher<V>>, op: Operation, dispatch: (a: Action) => void,
): ClusterWatch {
  const informer = startInformer<J, V>(session, { path, toView }, {
    onPage: (views) => {
      for (const v of views) batcher.upsert(v);
      batcher.flush();
    },
    onUpsert: batcher.upsert,
    onDelete: batcher.delete,
    onSynced: () => {
      batcher.flush();
      dispatch({ type: 'watch/synced', resource });
    },
    onError: (err, retryInMs) => {
      const f = classify(err, op, session.failure);
      if (f.kind === 'aborted') return;
      dispatch({ type: 'watch/failed', resource, message: f.hint ? `${f.message} Try: ${f.hint}.` : f.message, retryInMs });
    },
  });
  return {
    stop() {
      informer.stop();
      batcher.cancel();
    },
  };
}
