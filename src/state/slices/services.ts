// The services & forwards pane's state (owned by the services pane): the Services and
// EndpointSlices of the namespaces shown, the forwards as the manager reports them, the pane's
// cursor, the open dialog (expose confirmation or the forward form), and the requests the
// effects have yet to carry out (an outbox: the effects take them in order, by seq).
import type { Action } from '../actions.js';
import type { ForwardView } from '../../forward/types.js';
import { cursorIndex, type Cursor } from './view.js';
import type { ServiceResource } from '../servicesActions.js';
import { FORM_FIELDS, type EndpointSliceView, type ServicesDialog, type ServicesRequest, type ServiceView } from '../servicesModel.js';
import { acceptsChar, formSpec } from '../servicesForm.js';

export interface ServicesWatch {
  state: 'loading' | 'live' | 'failed';
  message?: string;
}

export interface ServicesState {
  services: ReadonlyMap<string, ServiceView>;
  slices: ReadonlyMap<string, EndpointSliceView>;
  watches: Readonly<Record<ServiceResource, ServicesWatch>>;
  forwards: readonly ForwardView[];
  cursor: Cursor;
  dialog: ServicesDialog | undefined;
  outbox: readonly { seq: number; request: ServicesRequest }[];
  seq: number;
}

const loading: ServicesState['watches'] = { services: { state: 'loading' }, endpointslices: { state: 'loading' } };

export const initialServices: ServicesState = {
  services: new Map(),
  slices: new Map(),
  watches: loading,
  forwards: [],
  cursor: { key: undefined, index: 0 },
  dialog: undefined,
  outbox: [],
  seq: 0,
};

export function reduceServices(state: ServicesState, action: Action): ServicesState {
  switch (action.type) {
    case 'services/changed': {
      const services = applyChanges(state.services, action.upserts, action.deleted);
      return services === state.services ? state : { ...state, services };
    }
    case 'endpointSlices/changed': {
      const slices = applyChanges(state.slices, action.upserts, action.deleted);
      return slices === state.slices ? state : { ...state, slices };
    }
    case 'services/watchSynced':
      return { ...state, watches: { ...state.watches, [action.resource]: { state: 'live' } } };
    case 'services/watchFailed':
      return { ...state, watches: { ...state.watches, [action.resource]: { state: 'failed', message: action.message } } };
    case 'services/reset':
      return { ...state, services: new Map(), slices: new Map(), watches: loading };
    case 'forwards/changed':
      return { ...state, forwards: action.forwards };
    case 'services/cursorMoved': {
      const keys = action.keys;
      if (keys.length === 0) return state;
      const index = Math.max(0, Math.min(keys.length - 1, cursorIndex(state.cursor, keys) + action.by));
      return { ...state, cursor: { key: keys[index], index } };
    }
    case 'services/requested':
      return request(state, action.request);
    case 'dialog/opened':
      return { ...state, dialog: action.dialog };
    case 'dialog/cancelled':
      return state.dialog ? { ...state, dialog: undefined } : state;
    case 'dialog/confirmed': {
      const d = state.dialog;
      if (!d) return state;
      if (d.kind === 'confirm') return request({ ...state, dialog: undefined }, { kind: 'expose', plan: d.plan });
      const made = formSpec(d);
      if ('error' in made) return { ...state, dialog: { ...d, error: made.error } };
      return request({ ...state, dialog: undefined }, { kind: 'start', spec: made.spec });
    }
    case 'form/edited': {
      const d = state.dialog;
      if (d?.kind !== 'form') return state;
      const text = [...action.text].filter((ch) => acceptsChar(d.field, ch)).join('');
      return { ...state, dialog: { ...d, values: { ...d.values, [d.field]: text }, error: undefined } };
    }
    case 'form/fieldMoved': {
      const d = state.dialog;
      if (d?.kind !== 'form') return state;
      const i = FORM_FIELDS.indexOf(d.field);
      return { ...state, dialog: { ...d, field: FORM_FIELDS[(i + action.by + FORM_FIELDS.length) % FORM_FIELDS.length]! } };
    }
    case 'services/requestsTaken': {
      const outbox = state.outbox.filter((r) => r.seq > action.upTo);
      return outbox.length === state.outbox.length ? state : { ...state, outbox };
    }
    case 'namespace/chosen':
    case 'context/chosen':
      return { ...state, cursor: initialServices.cursor, dialog: undefined };
    default:
      return state;
  }
}

function request(state: ServicesState, r: ServicesRequest): ServicesState {
  const seq = state.seq + 1;
  return { ...state, seq, outbox: [...state.outbox, { seq, request: r }] };
}

function applyChanges<V extends { key: string }>(map: ReadonlyMap<string, V>, upserts: readonly V[], deleted: readonly string[]): ReadonlyMap<string, V> {
  if (upserts.length === 0 && deleted.every((k) => !map.has(k))) return map;
  const next = new Map(map);
  for (const k of deleted) next.delete(k);
  for (const v of upserts) next.set(v.key, v);
  return next;
}
