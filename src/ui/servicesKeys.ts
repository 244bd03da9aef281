// The services & forwards pane's keys (owned by the services pane); keymap.ts splices them in.
// `e`, `f` and `F` work on the pod the pane is about from the pods pane too; `F` is k9s's key.
import type { Binding } from './keymap.js';

export type ServicesCommand =
  | 'services.expose' | 'services.forward' | 'services.forwardForm'
  | 'services.down' | 'services.up' | 'services.first' | 'services.last' | 'services.stopForward' | 'services.stopAll' | 'services.save'
  | 'confirm.yes' | 'confirm.no'
  | 'form.submit' | 'form.cancel' | 'form.next' | 'form.previous' | 'form.erase';

// In the pods pane only `f` has a footer hint (DESIGN's sketch); the help overlay lists the others.
const onPod = (scope: 'pods' | 'services'): Binding[] => ([
  {
    command: 'services.forward', keys: ['f'], scope, hint: 'forward', danger: true,
    help: scope === 'pods' ? 'Forward the target on 127.0.0.1 (toggle)' : 'Forward the selected Service (else the target pod) on 127.0.0.1; on a forward: stop it',
  },
  { command: 'services.forwardForm', keys: ['F'], scope, help: 'Forward with a form: ports, address', hint: 'form', danger: true },
  { command: 'services.expose', keys: ['e'], scope, help: 'Expose the target as a Service (asks)', hint: 'expose', danger: true },
] as Binding[]).map((b) => (scope === 'pods' && b.command !== 'services.forward' ? { ...b, hint: undefined } : b));

export const servicesBindings: readonly Binding[] = [
  ...onPod('pods'),
  ...onPod('services'),
  { command: 'services.down', keys: ['j', 'down'], scope: 'services', help: 'Select the next Service or forward' },
  { command: 'services.up', keys: ['k', 'up'], scope: 'services', help: 'Select the previous Service or forward' },
  { command: 'services.first', keys: ['g', 'home'], scope: 'services', help: 'Select the first row' },
  { command: 'services.last', keys: ['G', 'end'], scope: 'services', help: 'Select the last row (the newest forward)' },
  { command: 'services.stopForward', keys: ['x'], scope: 'services', help: 'Stop the selected forward', hint: 'stop' },
  { command: 'services.stopAll', keys: ['X'], scope: 'services', help: 'Stop every forward', hint: 'stop all' },
  { command: 'services.save', keys: ['s'], scope: 'services', help: 'Save/unsave a forward (back on restart)', hint: 'save' },
  { command: 'confirm.yes', keys: ['y'], scope: 'confirm', help: 'Yes, do it', hint: 'yes' },
  { command: 'confirm.no', keys: ['n', 'esc'], scope: 'confirm', help: 'No, cancel', hint: 'no' },
  { command: 'form.submit', keys: ['enter'], scope: 'form', help: 'Start the forward', hint: 'start' },
  { command: 'form.cancel', keys: ['esc'], scope: 'form', help: 'Cancel', hint: 'cancel' },
  { command: 'form.next', keys: ['tab'], scope: 'form', help: 'Next field', hint: 'next field' },
  { command: 'form.previous', keys: ['shift-tab'], scope: 'form', help: 'Previous field' },
  { command: 'form.erase', keys: ['backspace'], scope: 'form', help: 'Erase a character' },
];
