// `?`: the keys that work in the focused pane, and the `:` commands, generated from the keymap.
import React from 'react';
import { Text } from 'ink';
import { bindingsFor, type Scope } from '../keymap.js';
import { PROMPT_COMMANDS } from '../../state/prompt.js';
import { useTheme } from '../StoreProvider.js';
import { Pane } from './Pane.js';

export interface HelpOverlayProps {
  pane: string;
  scopes: readonly Scope[];
  readonly: boolean;
  width: number;
  height: number;
}

export function HelpOverlay({ pane, scopes, readonly, width, height }: HelpOverlayProps) {
  const theme = useTheme();
  const entries = [
    ...bindingsFor(scopes, readonly).map((b) => ({ id: b.command, key: b.keys.join(', '), help: b.help })),
    { id: 'gap', key: '', help: '' },
    ...PROMPT_COMMANDS.map((c) => ({ id: c.usage, key: c.usage, help: c.help })),
  ];
  const keyWidth = Math.max(...entries.map((e) => e.key.length)) + 4;
  // Two columns when one does not fit the height (80x24).
  const room = height - 2;
  const columns = entries.length > room ? 2 : 1;
  const perColumn = Math.ceil(entries.length / columns);
  const colWidth = Math.floor((width - 2) / columns);
  const lines = Array.from({ length: Math.min(room, perColumn) }, (_, i) => entries.filter((_e, j) => j % perColumn === i));
  return (
    <Pane title={`HELP  ${pane} pane`} info="esc back" width={width} height={height} focused>
      {lines.map((row, i) => (
        <Text key={i} wrap="truncate">
          {row.map((e) => (
            <Text key={e.id}>
              <Text {...theme.key}>{`  ${e.key}`.padEnd(keyWidth)}</Text>
              {e.help.slice(0, Math.max(0, colWidth - keyWidth - 1)).padEnd(Math.max(0, colWidth - keyWidth))}
            </Text>
          ))}
        </Text>
      ))}
    </Pane>
  );
}
