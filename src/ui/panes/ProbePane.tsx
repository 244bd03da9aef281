// PROBE console (placeholder until probes land): shows the marked source and target.
import React from 'react';
import { Text } from 'ink';
import { useSelector, useTheme } from '../StoreProvider.js';
import { podKey, type PodRef } from '../../state/model.js';
import { Pane } from '../widgets/Pane.js';

export function ProbePane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const theme = useTheme();
  const marks = useSelector((s) => s.view.marks);
  const sourceIP = useSelector((s) => (s.view.marks.source ? s.pods.byKey.get(podKey(s.view.marks.source))?.ip : undefined));
  const targetIP = useSelector((s) => (s.view.marks.target ? s.pods.byKey.get(podKey(s.view.marks.target))?.ip : undefined));
  const describe = (r: PodRef | undefined, ip: string | undefined) => (r ? `${r.namespace}/${r.name}${ip ? ` (${ip})` : ''}` : '—');
  const info = marks.source || marks.target ? `${marks.source?.name ?? '?'} -> ${marks.target?.name ?? '?'}` : '';
  return (
    <Pane title="PROBE" info={info} width={width} height={height} focused={focused}>
      <Text wrap="truncate">
        <Text {...theme.tone.mark}>S </Text>
        {describe(marks.source, sourceIP)}
      </Text>
      <Text wrap="truncate">
        <Text {...theme.tone.mark}>T </Text>
        {describe(marks.target, targetIP)}
      </Text>
      <Text wrap="truncate" dimColor>
        {marks.source && marks.target ? 'Ping, HTTP, TCP and DNS probes arrive in the next release.' : 'Mark a source (s) and a target (t) in the pods pane.'}
      </Text>
    </Pane>
  );
}
