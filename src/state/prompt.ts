// The `:` command line, k9s-style: `:ns NAME`, `:ns all`, `:ctx NAME`, `:ctx` (list), `:q`.
// Pure: text in, the action it means out (a flash when it means nothing).
import type { Action } from './actions.js';
import { allNamespaces, inNamespace } from './model.js';

export const PROMPT_COMMANDS = [
  { usage: ':ns NAME', help: 'Show the pods of namespace NAME (:ns all for every namespace)' },
  { usage: ':ctx NAME', help: 'Switch to kubeconfig context NAME (:ctx lists them)' },
  { usage: ':q', help: 'Quit' },
] as const;

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function parseCommand(text: string, contexts: readonly string[]): Action | undefined {
  const [word = '', ...args] = text.trim().split(/\s+/);
  const arg = args.join(' ');
  switch (word) {
    case '':
      return undefined;
    case 'q':
    case 'q!':
    case 'quit':
      return { type: 'app/quitRequested' };
    case 'ns':
    case 'namespace':
      if (arg === '') return flash('warn', 'Name a namespace: :ns NAME, or :ns all.');
      if (arg === 'all' || arg === '-A' || arg === '*') return { type: 'namespace/chosen', scope: allNamespaces };
      if (!NAME.test(arg)) return flash('error', `"${arg}" is not a valid namespace name.`);
      return { type: 'namespace/chosen', scope: inNamespace(arg) };
    case 'ctx':
    case 'context':
      if (arg === '') return flash('info', `Contexts: ${contexts.join(', ') || '(none)'}.`);
      if (!contexts.includes(arg)) {
        return flash('error', `There is no context "${arg}" in the kubeconfig; it has ${contexts.join(', ') || 'none'}.`);
      }
      return { type: 'context/chosen', context: arg };
    default:
      return flash('error', `Unknown command ":${word}"; try ${PROMPT_COMMANDS.map((c) => c.usage).join(', ')}.`);
  }
}

const flash = (level: 'info' | 'warn' | 'error', text: string): Action => ({ type: 'flash/shown', level, text });
