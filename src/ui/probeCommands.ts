// What the probe console's commands do, as actions (owned by the probe console). Pure but for the
// clock: a plan is built from the state (marks, pods, Services) and handed to the reducer.
import type { Action } from '../state/actions.js';
import type { AppState } from '../state/reducer.js';
import type { RunKind } from '../probe/runner.js';
import type { ChoiceKind } from '../state/probeActions.js';
import { BANDWIDTH_SECONDS, httpPorts, planFor, probeEnds, targetPorts } from '../state/probeSelectors.js';
import type { Handler } from './commands.js';
import type { ProbeCommand } from './probeKeys.js';

const warn = (text: string): Action => ({ type: 'flash/shown', level: 'warn', text });

const run = (kind: RunKind): Handler => (s) => {
  const plan = planFor(s, kind);
  return 'error' in plan ? warn(plan.error) : { type: 'probe/requested', plan, at: Date.now() };
};

/** Opens the port chooser; pressed again while it is open, moves to the next port. */
const choose = (kind: ChoiceKind): Handler => (s) => {
  if (s.probe.modal?.type === 'choice' && s.probe.modal.kind === kind) return { type: 'probe/choiceMoved', by: 1 };
  return openChooser(s, kind);
};

/** `h`: HTTP to the first port at once; with an HTTP probe of this target on screen, choose another. */
const http: Handler = (s) => {
  if (s.probe.modal?.type === 'choice' && s.probe.modal.kind === 'http') return { type: 'probe/choiceMoved', by: 1 };
  const c = s.probe.console;
  const t = s.view.marks.target;
  const again = c?.kind === 'http' && t && c.target.namespace === t.namespace && c.target.name === t.name;
  return again ? openChooser(s, 'http') : run('http')(s, { pageSize: 1, panes: [] });
};

function openChooser(s: AppState, kind: ChoiceKind): Action {
  const ends = probeEnds(s);
  if ('error' in ends) return warn(ends.error);
  const ports = kind === 'http' ? httpPorts(ends.targetPod) : targetPorts(ends.targetPod);
  if (ports.length === 0) return warn(`${ends.target.name} declares no TCP container port; its spec lists none to offer.`);
  // One port: nothing to choose (db's 5432), so the probe starts at once.
  if (ports.length === 1 && kind === 'tcp') {
    const plan = planFor(s, kind, ports[0]);
    return 'error' in plan ? warn(plan.error) : { type: 'probe/requested', plan, at: Date.now() };
  }
  const choices = [];
  for (const port of ports) {
    const plan = planFor(s, kind, port);
    if ('error' in plan) return warn(plan.error);
    choices.push({ port, plan });
  }
  return { type: 'probe/choiceOpened', kind, choices };
}

function bandwidth(s: AppState): Action {
  const plan = planFor(s, 'bandwidth');
  if ('error' in plan) return warn(plan.error);
  return {
    type: 'probe/confirmAsked',
    plan,
    text: `Start an iperf3 server in ${plan.target.name} for ${BANDWIDTH_SECONDS} s and measure from ${plan.source.name}? y yes · x no`,
  };
}

function exportHistory(format: 'json' | 'csv'): Handler {
  return (s) => (!s.probe.history.some((h) => h.outcome) ? warn('No probe has finished yet: nothing to write.') : { type: 'probe/exportRequested', format });
}

export const probeHandlers: Record<ProbeCommand, Handler> = {
  'probe.ping': run('ping'),
  'probe.http': http,
  'probe.tcp': choose('tcp'),
  'probe.dns': run('dns'),
  'probe.bandwidth': bandwidth,
  'probe.stop': (s) => (s.probe.modal || s.probe.console ? { type: 'probe/stopRequested' } : undefined),
  'probe.exportJson': exportHistory('json'),
  'probe.exportCsv': exportHistory('csv'),
  'probe.confirm': (s) => (s.probe.modal ? { type: 'probe/confirmed', at: Date.now() } : undefined),
  'probe.next': (s) => (s.probe.modal?.type === 'choice' ? { type: 'probe/choiceMoved', by: 1 } : undefined),
  'probe.previous': (s) => (s.probe.modal?.type === 'choice' ? { type: 'probe/choiceMoved', by: -1 } : undefined),
  'probe.cancel': (s) => (s.probe.modal ? { type: 'probe/cancelled' } : undefined),
};
