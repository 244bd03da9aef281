// `d`: the pod described as `kubectl describe pod` shows it (networking part), scrollable.
import React from 'react';
import { Text } from 'ink';
import type { DescribeState } from '../../state/slices/view.js';
import { useTheme } from '../StoreProvider.js';
import { Pane } from './Pane.js';
import { fit } from '../format.js';

export interface DescribeOverlayProps {
  describe: DescribeState;
  lines: readonly string[];
  width: number;
  height: number;
}

export function DescribeOverlay({ describe, lines, width, height }: DescribeOverlayProps) {
  const theme = useTheme();
  const room = height - 2;
  const top = Math.min(describe.scroll, Math.max(0, lines.length - room));
  const shown = lines.slice(top, top + room);
  const where = lines.length > room ? `${top + 1}-${top + shown.length}/${lines.length}  ` : '';
  return (
    <Pane title={`DESCRIBE ${describe.key}`} info={`${where}esc back`} width={width} height={height} focused>
      {describe.error ? <Text wrap="truncate-end" {...theme.flash.error}>{describe.error}</Text> : null}
      {!describe.description && !describe.error ? <Text dimColor>Loading…</Text> : null}
      {shown.map((l, i) => (
        <Text key={top + i} wrap="truncate">{fit(l, width - 2)}</Text>
      ))}
    </Pane>
  );
}
