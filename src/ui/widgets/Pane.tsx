// A bordered pane with its title in the top border: "┌─ PODS default 7 ───┐". Props only.
// Children must fit (height - 2 lines): there is no clipping, which costs Ink a slice per line per frame.
import React, { type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../StoreProvider.js';

export interface PaneProps {
  title: string;
  /** Shown after the title, dimmed: counts, filter, state. */
  info?: string;
  width: number;
  height: number;
  focused: boolean;
  children?: ReactNode;
}

export function Pane({ title, info, width, height, focused, children }: PaneProps) {
  const theme = useTheme();
  const label = ` ${title} `;
  const extra = info ? `${info} ` : '';
  const room = Math.max(0, width - 3 - label.length);
  const extraShown = extra.length > room ? extra.slice(0, Math.max(0, room - 1)) + (room > 0 ? '…' : '') : extra;
  const rest = Math.max(0, width - 3 - label.length - extraShown.length);
  const border = focused ? theme.borderFocused : theme.border;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text color={border}>{'┌─'}</Text>
        <Text {...(focused ? theme.titleFocused : theme.title)}>{label}</Text>
        <Text dimColor>{extraShown}</Text>
        <Text color={border}>{`${'─'.repeat(rest)}┐`}</Text>
      </Text>
      <Box
        flexDirection="column"
        borderStyle="single"
        borderTop={false}
        borderColor={border}
        width={width}
        height={height - 1}
      >
        {children}
      </Box>
    </Box>
  );
}
