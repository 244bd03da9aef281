// SERVICES & FORWARDS: the Services that front the target (or the selected pod) with their URLs,
// and every port-forward with its state and counters. Lines come from state/servicesLines.ts.
import React, { useRef } from 'react';
import { Text } from 'ink';
import { useSelector, useTheme } from '../StoreProvider.js';
import type { Theme } from '../theme.js';
import { Pane } from '../widgets/Pane.js';
import { nodeInternalIPs, servicesPane } from '../../state/servicesSelectors.js';
import { scrollTop, servicesLines, type SegmentStyle } from '../../state/servicesLines.js';
import { cursorIndex } from '../../state/slices/view.js';

function styleOf(theme: Theme, style: SegmentStyle) {
  if (style === 'key') return theme.key;
  if (style === 'title') return { bold: true };
  return style ? theme.tone[style] : {};
}

export function ServicesPane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const theme = useTheme();
  const top = useRef(0);
  const model = useSelector(servicesPane, (a, b) => a.subject?.pod === b.subject?.pod && a.subject?.why === b.subject?.why && a.services === b.services && a.forwards === b.forwards);
  const cursor = useSelector((s) => s.services.cursor);
  const nodeIPs = useSelector((s) => nodeInternalIPs(s.nodes.byKey));
  const readonly = useSelector((s) => s.session.readonly);
  const watches = useSelector((s) => s.services.watches);
  const failed = watches.services.state === 'failed' ? watches.services : watches.endpointslices.state === 'failed' ? watches.endpointslices : undefined;
  const lines = servicesLines(model, { nodeIPs, readonly, watchMessage: failed?.message, loading: watches.services.state === 'loading', slicesLoading: watches.endpointslices.state === 'loading', width: width - 2 });
  const selected = model.keys.length ? model.keys[cursorIndex(cursor, model.keys)] : undefined;
  const room = Math.max(0, height - 2);
  top.current = scrollTop(lines, selected, room, top.current);
  const info = model.subject ? `${model.subject.why} ${model.subject.pod.name}` : undefined;
  const inner = width - 2;
  return (
    <Pane title="SERVICES & FORWARDS" info={info} width={width} height={height} focused={focused}>
      {lines.slice(top.current, top.current + room).map((l, i) => {
        const highlighted = focused && l.head && l.item === selected;
        return (
          <Text key={i} wrap="truncate" {...(highlighted ? theme.cursor : {})}>
            {l.segments.map((seg, j) => (
              <Text key={j} {...styleOf(theme, seg.style)}>
                {seg.text}
              </Text>
            ))}
            {highlighted ? ' '.repeat(Math.max(0, inner - l.segments.reduce((n, seg) => n + seg.text.length, 0))) : ''}
          </Text>
        );
      })}
    </Pane>
  );
}
