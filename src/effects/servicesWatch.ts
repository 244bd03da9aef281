// The cluster -> store path for the services pane: one informer for Services and one for
// EndpointSlices (discovery.k8s.io/v1) in the scope the explorer shows, their events batched like
// the pods' (last change per uid wins) into services/changed and endpointSlices/changed.
import type { Action } from '../state/actions.js';
import type { NamespaceScope } from '../state/model.js';
import type { ServiceResource } from '../state/servicesActions.js';
import type { Session } from '../kube/session.js';
import { endpointSliceView, serviceView, type EndpointSliceJson, type ServiceJson } from '../kube/serviceView.js';
import type { Batch } from './batcher.js';
import { watchBatched } from './watchCluster.js';

export function watchServices(session: Session, scope: NamespaceScope, dispatch: (a: Action) => void): { stop: () => void } {
  const ns = scope.all ? '' : `/namespaces/${encodeURIComponent(scope.namespace)}`;
  const services = watchOne<ServiceJson, ReturnType<typeof serviceView>>(session, scope, 'services', `/api/v1${ns}/services`, serviceView,
    (b) => dispatch({ type: 'services/changed', upserts: b.upserts, deleted: b.deletes.map((v) => v.key) }), dispatch);
  const slices = watchOne<EndpointSliceJson, ReturnType<typeof endpointSliceView>>(session, scope, 'endpointslices',
    `/apis/discovery.k8s.io/v1${ns}/endpointslices`, endpointSliceView,
    (b) => dispatch({ type: 'endpointSlices/changed', upserts: b.upserts, deleted: b.deletes.map((v) => v.key) }), dispatch);
  return {
    stop() {
      services.stop();
      slices.stop();
    },
  };
}

function watchOne<J extends { metadata?: { name?: string; namespace?: string; resourceVersion?: string } }, V extends { uid: string }>(
  session: Session, scope: NamespaceScope, resource: ServiceResource, path: string, toView: (j: J) => V,
  onBatch: (b: Batch<V>) => void, dispatch: (a: Action) => void,
): { stop: () => void } {
  return watchBatched<J, V>(session, {
    path,
    toView,
    idOf: (v) => v.uid,
    op: { verb: 'list', resource, namespace: scope.all ? undefined : scope.namespace },
    onBatch,
    onSynced: () => dispatch({ type: 'services/watchSynced', resource }),
    onFailed: (message) => dispatch({ type: 'services/watchFailed', resource, message }),
  });
}
