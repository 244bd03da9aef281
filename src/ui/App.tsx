// Layout only: header, the panes (or an overlay in their place), footer. One row shorter than the
// terminal, so Ink rewrites changed lines instead of the whole screen (see layout.ts).
import React, { useEffect } from 'react';
import { Box } from 'ink';
import { useDispatch, useSelector } from './StoreProvider.js';
import type { Pane } from '../state/actions.js';
import { describeText } from '../state/selectors.js';
import { layout } from './layout.js';
import { activeScopes } from './keymap.js';
import { useCommands } from './useCommands.js';
import { useTerminalSize } from './useTerminalSize.js';
import { Header } from './panes/Header.js';
import { Footer } from './panes/Footer.js';
import { ServicesDialog } from './widgets/ForwardForm.js';
import { NodesPane } from './panes/NodesPane.js';
import { PodsPane } from './panes/PodsPane.js';
import { ProbePane } from './panes/ProbePane.js';
import { ServicesPane } from './panes/ServicesPane.js';
import { HelpOverlay } from './widgets/HelpOverlay.js';
import { DescribeOverlay } from './widgets/DescribeOverlay.js';
import { failureLines } from './widgets/Failure.js';

/** `size` fixes the terminal size (tests); by default the app follows the real terminal. */
export function App({ size: fixed }: { size?: { columns: number; rows: number } } = {}) {
  const measured = useTerminalSize();
  const size = fixed ?? measured;
  const nodeCount = useSelector((s) => s.nodes.order.length);
  const focus = useSelector((s) => s.view.focus);
  const servicesDialog = useSelector((s) => s.services.dialog !== undefined);
  const overlay = useSelector((s) => s.view.overlay);
  const describe = useSelector((s) => s.view.describe);
  const lines = useSelector(describeText);
  const readonly = useSelector((s) => s.session.readonly);
  const nodesWatch = useSelector((s) => s.session.watches.nodes);
  // Below 100 columns the console shows only while it has something to say (a probe, a question).
  const probeOpen = useSelector((s) => s.probe.console !== undefined || s.probe.modal !== undefined);
  // The nodes pane grows by the lines its failure sentence takes, so its rows stay visible.
  const first = layout(size.columns, size.rows, nodeCount, probeOpen);
  const l = layout(size.columns, size.rows, nodeCount + failureLines(nodesWatch, first.left.width - 2, 3), probeOpen);
  const page = overlay === 'describe' ? l.body.height - 3 : Math.max(1, (focus === 'nodes' ? l.left.nodes : l.left.pods) - 3);
  const panes: Pane[] = l.wide ? ['nodes', 'pods', 'probe', 'services'] : l.left.probe ? ['pods', 'probe'] : ['nodes', 'pods'];
  useCommands({ pageSize: page, panes });
  // Keys must never go to a pane that is not drawn (80 columns: the console closed, or folded away).
  const dispatch = useDispatch();
  const offScreen = !panes.includes(focus);
  useEffect(() => {
    if (offScreen) dispatch({ type: 'focus/moved', to: 'pods' });
  }, [offScreen, dispatch]);

  let body: React.ReactNode;
  if (overlay === 'help') {
    body = <HelpOverlay pane={focus} scopes={activeScopes({ pane: focus, overlay: 'none', prompt: false })} readonly={readonly} width={l.width} height={l.body.height} />;
  } else if (overlay === 'describe' && describe) {
    body = <DescribeOverlay describe={describe} lines={lines} width={l.width} height={l.body.height} />;
  } else {
    body = (
      <Box flexDirection="row" height={l.body.height}>
        <Box flexDirection="column" width={l.left.width}>
          {l.left.probe ? (
            <ProbePane width={l.left.width} height={l.left.probe} focused={focus === 'probe'} />
          ) : (
            <NodesPane width={l.left.width} height={l.left.nodes} focused={focus === 'nodes'} />
          )}
          <PodsPane width={l.left.width} height={l.left.pods} focused={focus === 'pods'} />
        </Box>
        {l.wide ? (
          <Box flexDirection="column" width={l.right.width}>
            <ProbePane width={l.right.width} height={l.right.probe} focused={focus === 'probe'} />
            <ServicesPane width={l.right.width} height={l.right.services} focused={focus === 'services'} />
          </Box>
        ) : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={l.width} height={l.header + l.body.height + l.footer}>
      <Header width={l.width} />
      {body}
      {servicesDialog ? <ServicesDialog width={l.width} /> : <Footer width={l.width} />}
    </Box>
  );
}
