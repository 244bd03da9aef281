// What the services & forwards pane's effects and keys report (owned by the services pane).
import type { ForwardView } from '../forward/types.js';
import type { EndpointSliceView, ServicesDialog, ServicesRequest, ServiceView } from './servicesModel.js';

export type ServiceResource = 'services' | 'endpointslices';

export type ServicesAction =
  // the cluster (watches, batched)
  | { type: 'services/changed'; upserts: readonly ServiceView[]; deleted: readonly string[] }
  | { type: 'endpointSlices/changed'; upserts: readonly EndpointSliceView[]; deleted: readonly string[] }
  | { type: 'services/watchSynced'; resource: ServiceResource }
  | { type: 'services/watchFailed'; resource: ServiceResource; message: string }
  /** The watches restarted on another scope or context: what was held is not current. */
  | { type: 'services/reset' }
  // the forward manager
  | { type: 'forwards/changed'; forwards: readonly ForwardView[] }
  // the user
  | { type: 'services/cursorMoved'; keys: readonly string[]; by: number }
  | { type: 'services/requested'; request: ServicesRequest }
  | { type: 'dialog/opened'; dialog: ServicesDialog }
  | { type: 'dialog/confirmed' }
  | { type: 'dialog/cancelled' }
  | { type: 'form/edited'; text: string }
  | { type: 'form/fieldMoved'; by: 1 | -1 }
  // the effects took the requests up to seq
  | { type: 'services/requestsTaken'; upTo: number };
