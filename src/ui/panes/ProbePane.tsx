// PROBE console: the marked source and target; once a probe runs, one box per run (the pod IP and
// the Service VIP side by side when a Service fronts the target), live; the port chooser or the
// confirmation line on top. Lines come from probeView.ts; each run and each line is memoized, so
// a ping reply re-renders the lines that changed and nothing else.
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import { useSelector, useTheme } from '../StoreProvider.js';
import { podKey, type PodRef } from '../../state/model.js';
import type { Modal, RunState, Tone } from '../../state/slices/probe.js';
import { consoleInfo, runView } from '../../state/probeView.js';
import { Pane } from '../widgets/Pane.js';
import { Sparkline } from '../widgets/Sparkline.js';
import { wrapWords } from '../format.js';

/** Two runs go side by side when each gets at least this many columns; else they are stacked. */
const MIN_COLUMN = 34;

export function ProbePane({ width, height, focused }: { width: number; height: number; focused: boolean }) {
  const c = useSelector((s) => s.probe.console);
  const modal = useSelector((s) => s.probe.modal);
  const readonly = useSelector((s) => s.session.readonly);
  const marks = useSelector((s) => s.view.marks);
  const inner = { width: Math.max(0, width - 2), height: Math.max(0, height - 2) };
  const top = modal ? modalLines(modal, inner.width) : [];
  const room = Math.max(0, inner.height - top.length);
  if (!c) {
    return (
      <Pane title="PROBE" info={marks.source || marks.target ? `${marks.source?.name ?? '?'} -> ${marks.target?.name ?? '?'}` : ''} width={width} height={height} focused={focused}>
        <ModalLines lines={top} modal={modal} />
        <Idle room={room} />
      </Pane>
    );
  }
  return (
    <Pane title="PROBE" info={consoleInfo(c)} width={width} height={height} focused={focused}>
      <ModalLines lines={top} modal={modal} />
      <Runs runs={c.runs} width={inner.width} height={room} readonly={readonly} />
    </Pane>
  );
}

function Runs({ runs, width, height, readonly }: { runs: readonly RunState[]; width: number; height: number; readonly: boolean }) {
  if (runs.length === 2 && width >= 2 * MIN_COLUMN + 1) {
    const left = Math.floor((width - 1) / 2);
    return (
      <Box flexDirection="row" height={height}>
        <RunBox run={runs[0]!} width={left} height={height} readonly={readonly} />
        <Box width={1} />
        <RunBox run={runs[1]!} width={width - left - 1} height={height} readonly={readonly} />
      </Box>
    );
  }
  const each = Math.floor(height / Math.max(1, runs.length));
  return (
    <>
      {runs.map((r, i) => (
        <RunBox key={r.id} run={r} width={width} height={i === runs.length - 1 ? height - each * (runs.length - 1) : each} readonly={readonly} />
      ))}
    </>
  );
}

const RunBox = React.memo(function RunBox({ run, width, height, readonly }: { run: RunState; width: number; height: number; readonly: boolean }) {
  // Only a running ping reads the clock (whole seconds), so nothing else redraws on its ticks.
  const sec = useSelector((s) => (run.status === 'running' && run.kind === 'ping' ? Math.floor(s.probe.now / 1000) : 0));
  const lines = useMemo(() => runView(run, { width, height, readonly, now: sec * 1000 }), [run, width, height, readonly, sec]);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((l) =>
        l.key === 'spark' ? (
          <Sparkline key={l.key} label={run.kind === 'bandwidth' ? 'rate' : 'rtt'} values={run.spark} width={width} />
        ) : (
          <Line key={l.key} text={l.text} tone={l.tone} bold={l.key === 'header'} />
        ),
      )}
    </Box>
  );
});

const Line = React.memo(function Line({ text, tone, bold }: { text: string; tone: Tone; bold?: boolean }) {
  const theme = useTheme();
  const style = tone ? theme.tone[tone] : {};
  return (
    <Text wrap="truncate" {...style} bold={bold || style.bold}>
      {text}
    </Text>
  );
});

function modalLines(m: Modal, width: number): string[] {
  // All of a question, answer keys included: it is what the user must read before y.
  if (m.type === 'confirm') return wrapWords(m.text, width, 8);
  return [''];
}

function ModalLines({ lines, modal }: { lines: string[]; modal: Modal | undefined }) {
  const theme = useTheme();
  if (!modal) return null;
  if (modal.type === 'confirm') {
    return (
      <>
        {lines.map((l, i) => (
          <Text key={i} wrap="truncate" {...theme.flash.warn}>
            {l}
          </Text>
        ))}
      </>
    );
  }
  const next = modal.kind === 'tcp' ? 'c' : 'H';
  return (
    <Text wrap="truncate">
      <Text {...theme.key}>{modal.kind === 'tcp' ? 'TCP port ' : 'HTTP port '}</Text>
      {modal.choices.map((ch, i) => (
        <Text key={ch.port} {...(i === modal.index ? theme.cursor : {})}>{` ${ch.port} `}</Text>
      ))}
      <Text dimColor>{modal.choices.length > 1 ? `  ${next}/→ next · y run · esc` : '  y run · esc cancel'}</Text>
    </Text>
  );
}

function Idle({ room }: { room: number }) {
  const theme = useTheme();
  const marks = useSelector((s) => s.view.marks);
  const sourceIP = useSelector((s) => (s.view.marks.source ? s.pods.byKey.get(podKey(s.view.marks.source))?.ip : undefined));
  const targetIP = useSelector((s) => (s.view.marks.target ? s.pods.byKey.get(podKey(s.view.marks.target))?.ip : undefined));
  const readonly = useSelector((s) => s.session.readonly);
  const describe = (r: PodRef | undefined, ip: string | undefined) => (r ? `${r.namespace}/${r.name}${ip ? ` (${ip})` : ''}` : '—');
  const ready = marks.source && marks.target;
  const lines = [
    <Text key="s" wrap="truncate">
      <Text {...theme.tone.mark}>S </Text>
      {describe(marks.source, sourceIP)}
    </Text>,
    <Text key="t" wrap="truncate">
      <Text {...theme.tone.mark}>T </Text>
      {describe(marks.target, targetIP)}
    </Text>,
    <Text key="hint" wrap="truncate" dimColor>
      {ready ? `p ping  h http  c tcp  n dns${readonly ? '' : '  b bandwidth'}` : 'Mark a source (s) and a target (t) in the pods pane.'}
    </Text>,
  ];
  return <>{lines.slice(0, room)}</>;
}
