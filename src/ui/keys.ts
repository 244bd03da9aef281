// Ink's (input, key) pair -> one key name as the keymap writes it: "j", "G", "enter", "esc",
// "tab", "shift-tab", "ctrl-f", "pagedown", "space", "backspace".
import type { Key } from 'ink';

export function keyName(input: string, key: Key): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (input.length === 1) return input;
  return undefined;
}

const CONTROL_NAMES: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace', ' ': 'space' };

/** A run of plain keys that arrived in one read ("jjj" from key repeat, or a paste): one name per
 * character, control characters named as keys ("\r" -> enter, "\x06" -> ctrl-f). */
export function keyNamesOf(run: string): { name: string; text: string }[] {
  return [...run].map((ch) => {
    const code = ch.charCodeAt(0);
    if (CONTROL_NAMES[ch]) return { name: CONTROL_NAMES[ch]!, text: ch === ' ' ? ' ' : '' };
    if (code < 32) return { name: `ctrl-${String.fromCharCode(code + 96)}`, text: '' };
    return { name: ch, text: ch };
  });
}
