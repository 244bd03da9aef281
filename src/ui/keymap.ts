// Every key the explorer answers, as data. The same table drives dispatch (useCommands), the help
// overlay and the footer, so no key letter appears anywhere else. k9s users' keys where the
// meanings overlap: ? / : 0 d esc j k g G ctrl-f ctrl-b.

import { probeBindings, type ProbeCommand } from './probeKeys.js';
import { servicesBindings, type ServicesCommand } from './servicesKeys.js';

export type Scope = 'global' | 'list' | 'pods' | 'nodes' | 'probe' | 'services' | 'help' | 'describe' | 'prompt' | 'confirm' | 'form';

export type Command =
  | ProbeCommand
  | ServicesCommand
  | 'app.quit' | 'app.help' | 'focus.next' | 'focus.previous' | 'prompt.command' | 'namespace.all'
  | 'cursor.down' | 'cursor.up' | 'cursor.pageDown' | 'cursor.pageUp' | 'cursor.first' | 'cursor.last'
  | 'prompt.filter' | 'filter.clear'
  | 'pod.describe' | 'pod.markSource' | 'pod.markTarget'
  | 'help.close'
  | 'describe.close' | 'describe.down' | 'describe.up' | 'describe.pageDown' | 'describe.pageUp'
  | 'prompt.submit' | 'prompt.cancel' | 'prompt.erase';

export interface Binding {
  command: Command;
  keys: readonly string[];
  scope: Scope;
  help: string;
  /** Short label for the footer; bindings without one are only in the help overlay. */
  hint?: string;
  /** Opens ports or changes the cluster: left out with --readonly. */
  danger?: boolean;
}

export const keymap: readonly Binding[] = [
  { command: 'pod.markSource', keys: ['s'], scope: 'pods', help: 'Mark the selected pod as the probe source', hint: 'source' },
  { command: 'pod.markTarget', keys: ['t'], scope: 'pods', help: 'Mark the selected pod as the probe target', hint: 'target' },
  { command: 'pod.describe', keys: ['d', 'enter'], scope: 'pods', help: 'Describe the pod: IPs, ports, node, conditions, events', hint: 'describe' },
  ...probeBindings,
  ...servicesBindings,
  { command: 'cursor.down', keys: ['j', 'down'], scope: 'list', help: 'Move down' },
  { command: 'cursor.up', keys: ['k', 'up'], scope: 'list', help: 'Move up' },
  { command: 'cursor.pageDown', keys: ['ctrl-f', 'pagedown'], scope: 'list', help: 'Page down' },
  { command: 'cursor.pageUp', keys: ['ctrl-b', 'pageup'], scope: 'list', help: 'Page up' },
  { command: 'cursor.first', keys: ['g', 'home'], scope: 'list', help: 'Go to the first row' },
  { command: 'cursor.last', keys: ['G', 'end'], scope: 'list', help: 'Go to the last row' },
  { command: 'prompt.filter', keys: ['/'], scope: 'list', help: 'Filter rows (name, namespace, IP, node, status)', hint: 'filter' },
  { command: 'filter.clear', keys: ['esc'], scope: 'list', help: 'Clear the filter' },
  { command: 'prompt.command', keys: [':'], scope: 'global', help: 'Command: :ns NAME, :ns all, :ctx NAME, :ctx, :q' },
  { command: 'namespace.all', keys: ['0'], scope: 'global', help: 'Show pods of all namespaces' },
  { command: 'focus.next', keys: ['tab'], scope: 'global', help: 'Focus the next pane' },
  { command: 'focus.previous', keys: ['shift-tab'], scope: 'global', help: 'Focus the previous pane' },
  { command: 'app.help', keys: ['?'], scope: 'global', help: 'Show the keys of the focused pane', hint: 'help' },
  { command: 'app.quit', keys: ['q', 'ctrl-c'], scope: 'global', help: 'Quit', hint: 'quit' },
  { command: 'help.close', keys: ['esc', '?', 'q'], scope: 'help', help: 'Close the help', hint: 'back' },
  { command: 'describe.down', keys: ['j', 'down'], scope: 'describe', help: 'Scroll down' },
  { command: 'describe.up', keys: ['k', 'up'], scope: 'describe', help: 'Scroll up' },
  { command: 'describe.pageDown', keys: ['ctrl-f', 'pagedown', 'space'], scope: 'describe', help: 'Page down' },
  { command: 'describe.pageUp', keys: ['ctrl-b', 'pageup'], scope: 'describe', help: 'Page up' },
  { command: 'describe.close', keys: ['esc', 'q', 'd'], scope: 'describe', help: 'Back to the panes', hint: 'back' },
  { command: 'prompt.submit', keys: ['enter'], scope: 'prompt', help: 'Apply', hint: 'apply' },
  { command: 'prompt.cancel', keys: ['esc'], scope: 'prompt', help: 'Cancel', hint: 'cancel' },
  { command: 'prompt.erase', keys: ['backspace'], scope: 'prompt', help: 'Erase a character' },
];

export interface Focus {
  pane: 'nodes' | 'pods' | 'probe' | 'services';
  overlay: 'none' | 'help' | 'describe';
  prompt: boolean;
  /** The services pane's confirmation line or forward form is open: only its keys work. */
  dialog?: 'confirm' | 'form';
}

/** The scopes whose keys work now, most specific first (prompt, then overlay, then pane, then global). */
export function activeScopes(f: Focus): Scope[] {
  if (f.prompt) return ['prompt'];
  if (f.dialog) return [f.dialog];
  if (f.overlay === 'help') return ['help', 'global'];
  if (f.overlay === 'describe') return ['describe', 'global'];
  if (f.pane === 'pods') return ['pods', 'list', 'global'];
  if (f.pane === 'nodes') return ['nodes', 'list', 'global'];
  if (f.pane === 'probe') return ['probe', 'global'];
  if (f.pane === 'services') return ['services', 'global'];
  return ['global'];
}

export function bindingsFor(scopes: readonly Scope[], readonly: boolean): Binding[] {
  return scopes.flatMap((s) => keymap.filter((b) => b.scope === s && !(readonly && b.danger)));
}

/** The binding a key triggers in these scopes: the most specific scope wins. */
export function resolveKey(key: string, scopes: readonly Scope[], readonly: boolean): Binding | undefined {
  for (const s of scopes) {
    const b = keymap.find((x) => x.scope === s && x.keys.includes(key) && !(readonly && x.danger));
    if (b) return b;
  }
  return undefined;
}
