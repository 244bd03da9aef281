// The one useInput: key -> binding in the active scopes -> handler -> action. While the prompt is
// open, printable keys edit it. Nothing else in src/ui reads the keyboard.
import { useInput, type Key } from 'ink';
import { useDispatch, useStoreState } from './StoreProvider.js';
import { activeScopes, resolveKey, type Scope } from './keymap.js';
import type { Action } from '../state/actions.js';
import { handlers, promptTyped, type CommandContext } from './commands.js';
import { servicesTyped } from './servicesCommands.js';
import { keyName, keyNamesOf } from './keys.js';

const isPlain = (k: Key) => !(k.upArrow || k.downArrow || k.leftArrow || k.rightArrow || k.pageUp || k.pageDown || k.home ||
  k.end || k.return || k.escape || k.tab || k.backspace || k.delete || k.ctrl || k.meta);

/** A key --readonly left out says so, instead of doing nothing without a word. */
function readonlyRefusal(name: string | undefined, scopes: Scope[], readonly: boolean): Action | undefined {
  if (!readonly || name === undefined) return undefined;
  const b = resolveKey(name, scopes, false);
  if (!b?.danger) return undefined;
  return { type: 'flash/shown', level: 'warn', text: `${name}: ${b.help.replace(/\s*\(.*\)$/, '').toLowerCase()} is left out: podnet runs read-only (--readonly).` };
}

export function useCommands(ctx: CommandContext): void {
  const dispatch = useDispatch();
  const getState = useStoreState();
  const press = (name: string | undefined, text: string) => {
    const s = getState();
    const scopes = activeScopes({ pane: s.view.focus, overlay: s.view.overlay, prompt: s.view.prompt !== undefined, dialog: s.services.dialog?.kind });
    const binding = name === undefined ? undefined : resolveKey(name, scopes, s.session.readonly);
    const action = binding ? handlers[binding.command](s, ctx) : text ? (promptTyped(s, text) ?? servicesTyped(s, text) ?? readonlyRefusal(name, scopes, s.session.readonly)) : undefined;
    if (action) dispatch(action);
  };
  useInput((input, key) => {
    // Keys typed faster than a read (key repeat, tmux send-keys) or pasted arrive as one run.
    if (input.length > 1 && isPlain(key)) {
      for (const k of keyNamesOf(input)) press(k.name, k.text);
      return;
    }
    // No key is bound with Alt: "ESC x" is an Escape typed just before x (fast typing, a paste).
    if (key.meta && !key.escape && input.length === 1) {
      press('esc', '');
      press(keyName(input, { ...key, meta: false }), input);
      return;
    }
    press(keyName(input, key), !key.ctrl && !key.meta ? input : '');
  });
}
