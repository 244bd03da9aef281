// The bottom line: the prompt while typing, else a flash message, else the keys of the focused pane
// (from the keymap, so it cannot drift from what the keys do).
import React from 'react';
import { Text } from 'ink';
import { useSelector, useTheme } from '../StoreProvider.js';
import { activeScopes, bindingsFor } from '../keymap.js';
import { fit } from '../format.js';

export function Footer({ width }: { width: number }) {
  const theme = useTheme();
  const prompt = useSelector((s) => s.view.prompt);
  const flash = useSelector((s) => s.view.flash);
  const focus = useSelector((s) => s.view.focus);
  const overlay = useSelector((s) => s.view.overlay);
  const readonly = useSelector((s) => s.session.readonly);
  if (prompt) {
    const lead = prompt.kind === 'filter' ? '/' : ':';
    return (
      <Text wrap="truncate">
        <Text {...theme.key}>{lead}</Text>
        <Text>{prompt.text}</Text>
        <Text inverse> </Text>
        <Text dimColor>{fit(`   enter apply  esc cancel`, Math.max(0, width - prompt.text.length - 2))}</Text>
      </Text>
    );
  }
  if (flash) return <Text wrap="truncate" {...theme.flash[flash.level]}>{fit(` ${flash.text}`, width)}</Text>;
  const hints = bindingsFor(activeScopes({ pane: focus, overlay, prompt: false }), readonly).filter((b) => b.hint);
  const parts: React.ReactNode[] = [];
  let used = 0;
  for (const b of hints) {
    const text = ` ${b.keys[0]} ${b.hint} `;
    if (used + text.length > width) break;
    used += text.length;
    parts.push(
      <Text key={b.command}>
        <Text {...theme.key}>{` ${b.keys[0]}`}</Text>
        <Text>{` ${b.hint} `}</Text>
      </Text>,
    );
  }
  return <Text wrap="truncate">{parts}</Text>;
}
