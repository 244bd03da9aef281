// PODS: the watched pods as `kubectl get pods -o wide` words them, S/T marks in the gutter, a
// changed IP highlighted with the old one beside it, the cursor kept on its pod across updates.
import React, { useRef } from 'react';
import { useSelector } from '../StoreProvider.js';
import { podsPaneView, samePaneView } from '../../state/paneViews.js';
import { podColumns } from '../../state/rows.js';
import { Pane } from '../widgets/Pane.js';
import { Table } from '../widgets/Table.js';
import { Failure, failureLines } from '../widgets/Failure.js';

export function PodsPane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const top = useRef(0);
  const watch = useSelector((s) => s.session.watches.pods);
  const rowsHeight = Math.max(0, height - 3 - failureLines(watch, width - 2, 3));
  const v = useSelector((s) => podsPaneView(s, rowsHeight, top.current), samePaneView);
  top.current = v.top;
  const where = v.scope ? (v.scope.all ? 'all namespaces' : v.scope.namespace) : '';
  const count = v.filter ? `${v.shown}/${v.total}` : `${v.total}`;
  const info = `${where}  ${count}${v.filter ? `  /${v.filter}` : ''}${v.synced ? '' : '  loading…'}`;
  const empty = !v.synced ? 'Loading pods…' : v.filter ? `No pod matches "${v.filter}".` : `No pods in ${where || 'this namespace'}.`;
  return (
    <Pane title="PODS" info={info} width={width} height={height} focused={focused}>
      <Failure watch={watch} width={width - 2} max={3} />
      <Table columns={podColumns(!!v.scope?.all)} rows={v.rows} selected={focused ? v.cursor - v.top : -1} width={width - 2} empty={empty} />
    </Pane>
  );
}
