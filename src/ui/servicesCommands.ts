// What the services & forwards pane's commands do, as actions (owned by the services pane). Pure:
// they read the state and describe a request; src/effects/services.ts carries it out.
import type { Action } from '../state/actions.js';
import type { AppState } from '../state/reducer.js';
import type { ForwardTarget } from '../forward/types.js';
import type { Handler } from './commands.js';
import type { ServicesCommand } from './servicesKeys.js';
import { existingForward, liveForwards, servicesPane, servicesSelection, servicesSubject, type FrontingService } from '../state/servicesSelectors.js';
import { LOOPBACK, type ServicesRequest } from '../state/servicesModel.js';
import { exposePlan } from '../state/servicesExpose.js';

const warn = (text: string): Action => ({ type: 'flash/shown', level: 'warn', text });
const ask = (request: ServicesRequest): Action => ({ type: 'services/requested', request });
const NO_POD = 'No pod is selected: mark a target with t, or move to a pod.';

/** What `f` and `F` forward to: the Service selected in the pane, else the pane's pod. */
function forwardTarget(s: AppState): { target: ForwardTarget; port: number | undefined; label: string } | { forward: string } | string {
  const sel = s.view.focus === 'services' ? servicesSelection(s) : undefined;
  if (sel && 'forward' in sel) return { forward: sel.forward.id };
  if (sel && 'service' in sel) return serviceTarget(sel.service);
  const subject = servicesSubject(s);
  if (!subject) return NO_POD;
  const pod = subject.pod;
  const port = pod.ports.find((p) => p.protocol === 'TCP')?.port;
  return { target: { kind: 'pod', namespace: pod.namespace, name: pod.name }, port, label: pod.name };
}

function serviceTarget(svc: FrontingService) {
  const port = svc.ports.find((p) => p.protocol === 'TCP')?.port;
  return { target: { kind: 'service' as const, namespace: svc.namespace, name: svc.name }, port, label: `Service ${svc.name}` };
}

const toggleForward: Handler = (s) => {
  const t = forwardTarget(s);
  if (typeof t === 'string') return warn(t);
  if ('forward' in t) return ask({ kind: 'stop', id: t.forward });
  if (t.port === undefined) return warn(`${t.label} declares no TCP port to forward: press F to forward any port.`);
  const running = existingForward(s, t.target, t.port);
  if (running) return ask({ kind: 'stop', id: running.id });
  return ask({ kind: 'start', spec: { target: t.target, remotePort: t.port, localPort: 0, address: LOOPBACK } });
};

const forwardForm: Handler = (s) => {
  let t = forwardTarget(s);
  if (typeof t === 'string') return warn(t);
  if ('forward' in t) {
    // On a forward in the list, the form starts another one to the same target.
    const f = s.services.forwards.find((x) => x.id === (t as { forward: string }).forward);
    if (!f) return undefined;
    t = { target: f.spec.target, port: f.spec.remotePort, label: '' };
  }
  return {
    type: 'dialog/opened',
    dialog: { kind: 'form', target: t.target, values: { local: '', remote: t.port === undefined ? '' : String(t.port), address: LOOPBACK }, field: 'local', error: undefined },
  };
};

const expose: Handler = (s) => {
  const subject = servicesSubject(s);
  if (!subject) return warn(NO_POD);
  const made = exposePlan(subject.pod, s.services.services);
  return 'error' in made ? warn(made.error) : { type: 'dialog/opened', dialog: { kind: 'confirm', plan: made.plan } };
};

const selectedForward = (s: AppState) => {
  const sel = servicesSelection(s);
  return sel && 'forward' in sel ? sel.forward : undefined;
};

const form = (s: AppState) => (s.services.dialog?.kind === 'form' ? s.services.dialog : undefined);

export const servicesHandlers: Record<ServicesCommand, Handler> = {
  'services.forward': toggleForward,
  'services.forwardForm': forwardForm,
  'services.expose': expose,
  'services.down': (s) => ({ type: 'services/cursorMoved', keys: servicesPane(s).keys, by: 1 }),
  'services.up': (s) => ({ type: 'services/cursorMoved', keys: servicesPane(s).keys, by: -1 }),
  'services.first': (s) => {
    const keys = servicesPane(s).keys;
    return { type: 'services/cursorMoved', keys, by: -keys.length };
  },
  'services.last': (s) => {
    const keys = servicesPane(s).keys;
    return { type: 'services/cursorMoved', keys, by: keys.length };
  },
  'services.stopForward': (s) => {
    const f = selectedForward(s);
    return f ? ask({ kind: 'stop', id: f.id }) : warn('Select a forward in the list to stop it (X stops them all).');
  },
  'services.stopAll': (s) => (liveForwards(s).length ? ask({ kind: 'stopAll' }) : warn('No forward to stop.')),
  'services.save': (s) => {
    const f = selectedForward(s);
    return f ? ask({ kind: 'save', id: f.id, saved: !f.saved }) : warn('Select a forward in the list to save it.');
  },
  'confirm.yes': () => ({ type: 'dialog/confirmed' }),
  'confirm.no': () => ({ type: 'dialog/cancelled' }),
  'form.submit': () => ({ type: 'dialog/confirmed' }),
  'form.cancel': () => ({ type: 'dialog/cancelled' }),
  'form.next': () => ({ type: 'form/fieldMoved', by: 1 }),
  'form.previous': () => ({ type: 'form/fieldMoved', by: -1 }),
  'form.erase': (s) => {
    const d = form(s);
    return d ? { type: 'form/edited', text: d.values[d.field].slice(0, -1) } : undefined;
  },
};

/** Printable text typed while the forward form is open: it goes into the focused field. */
export function servicesTyped(s: AppState, text: string): Action | undefined {
  const d = form(s);
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return d && clean ? { type: 'form/edited', text: d.values[d.field] + clean } : undefined;
}
