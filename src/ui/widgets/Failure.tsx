// Why a pane has no fresh data: the failure's sentence, word-wrapped, and when it is retried.
import React from 'react';
import { Text } from 'ink';
import type { WatchStatus } from '../../state/slices/session.js';
import { useTheme } from '../StoreProvider.js';
import { wrapWords } from '../format.js';

/** How many lines a failure takes in a pane of this width (the pane sizes its table from it). */
export const failureLines = (w: WatchStatus, width: number, max: number) => (w.state === 'failed' ? failureText(w, width, max).length : 0);

function failureText(w: WatchStatus, width: number, max: number): string[] {
  const retry = w.retryInMs !== undefined ? ` Retrying in ${Math.max(1, Math.round(w.retryInMs / 1000))}s.` : '';
  return wrapWords(`${w.message ?? 'The watch failed.'}${retry}`, width, max);
}

export function Failure({ watch, width, max }: { watch: WatchStatus; width: number; max: number }) {
  const theme = useTheme();
  if (watch.state !== 'failed') return null;
  return (
    <>
      {failureText(watch, width, max).map((l, i) => (
        <Text key={i} wrap="truncate" {...theme.flash.error}>
          {l}
        </Text>
      ))}
    </>
  );
}
