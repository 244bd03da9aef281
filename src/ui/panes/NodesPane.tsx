// NODES: name, status as kubectl words it (Ready,SchedulingDisabled), roles, InternalIP, pod CIDR
// and how many of the watched pods run there.
import React, { useRef } from 'react';
import { useSelector } from '../StoreProvider.js';
import { nodesPaneView, samePaneView } from '../../state/paneViews.js';
import { nodeColumns } from '../../state/rows.js';
import { Pane } from '../widgets/Pane.js';
import { Table } from '../widgets/Table.js';
import { Failure, failureLines } from '../widgets/Failure.js';

export function NodesPane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const top = useRef(0);
  const watch = useSelector((s) => s.session.watches.nodes);
  const failing = failureLines(watch, width - 2, 3);
  const rowsHeight = Math.max(0, height - 3 - failing);
  const v = useSelector((s) => nodesPaneView(s, rowsHeight, top.current), samePaneView);
  top.current = v.top;
  const info = `${v.filter ? `${v.shown}/${v.total}  /${v.filter}` : v.total}${v.synced ? '' : '  loading…'}`;
  const empty = v.synced ? (v.filter ? `No node matches "${v.filter}".` : 'No nodes.') : failing ? '' : 'Loading nodes…';
  return (
    <Pane title="NODES" info={info} width={width} height={height} focused={focused}>
      <Failure watch={watch} width={width - 2} max={3} />
      <Table columns={nodeColumns} rows={v.rows} selected={focused ? v.cursor - v.top : -1} width={width - 2} empty={empty} />
    </Pane>
  );
}
