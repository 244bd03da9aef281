// SERVICES & FORWARDS (placeholder until services and port-forwards land).
import React from 'react';
import { Text } from 'ink';
import { Pane } from '../widgets/Pane.js';

export function ServicesPane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  return (
    <Pane title="SERVICES & FORWARDS" width={width} height={height} focused={focused}>
      <Text wrap="truncate" dimColor>
        The Services that front the target and the port-forwards arrive in a later release.
      </Text>
    </Pane>
  );
}
