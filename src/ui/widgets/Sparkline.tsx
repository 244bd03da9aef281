// A labelled sparkline: "rtt ▁▂▁▃·▁" (losses as dots, drawn as failures). Props only.
import React from 'react';
import { Text } from 'ink';
import { useTheme } from '../StoreProvider.js';
import { LOSS, sparkline } from '../../state/probeSparkline.js';

export interface SparklineProps {
  label: string;
  values: readonly (number | null)[];
  width: number;
}

export const Sparkline = React.memo(function Sparkline({ label, values, width }: SparklineProps) {
  const theme = useTheme();
  const line = sparkline(values, Math.max(0, width - label.length - 1));
  // Runs of blocks and runs of dots, so a loss stands out without a colour per character.
  const runs = line.match(new RegExp(`${LOSS}+|[^${LOSS}]+`, 'g')) ?? [];
  return (
    <Text wrap="truncate">
      <Text dimColor>{`${label} `}</Text>
      {runs.map((r, i) => (
        <Text key={i} {...(r[0] === LOSS ? theme.tone.fail : theme.tone.ok)}>
          {r}
        </Text>
      ))}
    </Text>
  );
});
