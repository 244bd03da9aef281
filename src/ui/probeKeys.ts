// The probe console's keys (owned by the probe console); keymap.ts splices them into the one table.
// They work from the pods pane (once a source and a target are marked) and in the console itself;
// the footer shows them only in the console (the pods pane's footer keeps its own keys).
import type { Binding, Scope } from './keymap.js';

export type ProbeCommand =
  | 'probe.ping' | 'probe.http' | 'probe.tcp' | 'probe.dns' | 'probe.bandwidth' | 'probe.stop'
  | 'probe.exportJson' | 'probe.exportCsv' | 'probe.confirm' | 'probe.next' | 'probe.previous' | 'probe.cancel';

type Entry = Omit<Binding, 'scope'> & { onlyIn?: Scope };

// The pods pane gets the seven that start, stop and answer a probe; the console gets them all.
const entries: readonly Entry[] = [
  { command: 'probe.ping', keys: ['p'], help: 'Ping the target from the source, until stopped', hint: 'ping' },
  { command: 'probe.http', keys: ['h'], help: 'HTTP to the target\'s first port (80 if none); again: choose another', hint: 'http' },
  { command: 'probe.tcp', keys: ['c'], help: 'TCP connect to the target\'s port (several: choose, c again: next)', hint: 'tcp' },
  { command: 'probe.dns', keys: ['n'], help: 'DNS: look up the target\'s Services\' names and its IP', hint: 'dns' },
  { command: 'probe.bandwidth', keys: ['b'], help: 'Bandwidth with iperf3 (a server runs in the target; asks first)', hint: 'bw', danger: true },
  { command: 'probe.stop', keys: ['x'], help: 'Stop the probe, or say no; again: close the console', hint: 'stop' },
  { command: 'probe.confirm', keys: ['y'], help: 'Yes: run the chosen port, or what the question offers', hint: 'yes' },
  { command: 'probe.confirm', keys: ['enter'], help: 'Run the chosen port, or what the question offers', onlyIn: 'probe' },
  { command: 'probe.cancel', keys: ['esc'], help: 'Cancel the chooser or the question', onlyIn: 'probe' },
  { command: 'probe.previous', keys: ['left'], help: 'Previous port in the chooser', onlyIn: 'probe' },
  { command: 'probe.next', keys: ['right'], help: 'Next port in the chooser', onlyIn: 'probe' },
  { command: 'probe.exportJson', keys: ['w'], help: 'Write the probe history of the session as JSON', hint: 'json', onlyIn: 'probe' },
  { command: 'probe.exportCsv', keys: ['W'], help: 'Write the probe history of the session as CSV', hint: 'csv', onlyIn: 'probe' },
];

const POD_HINTS = new Set<string>(['probe.ping', 'probe.http', 'probe.tcp', 'probe.dns']);

export const probeBindings: readonly Binding[] = (['pods', 'probe'] as const).flatMap((scope) =>
  entries
    .filter((e) => (e.onlyIn ?? scope) === scope)
    // The pods pane's footer shows the four probes (DESIGN's sketch); the console's shows them all.
    .map(({ onlyIn: _onlyIn, ...e }): Binding => (scope === 'pods' && !POD_HINTS.has(e.command) ? { ...e, scope, hint: undefined } : { ...e, scope })),
);
