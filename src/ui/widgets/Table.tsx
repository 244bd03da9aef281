// A table of the rows that fit: a column header, then the rows in the window the pane scrolled to.
// Columns are fitted to the width from the rows on screen (state/columns.ts). Props only.
import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { Row } from '../../state/rows.js';
import { fitColumns, type Column } from '../../state/columns.js';
import { useTheme } from '../StoreProvider.js';
import { fit } from '../format.js';
import { TableRow } from './TableRow.js';

export interface TableProps {
  columns: readonly Column[];
  rows: readonly Row[];
  /** Index in `rows` of the selected row, or -1. */
  selected: number;
  width: number;
  /** Shown instead of rows when there are none. */
  empty?: string;
}

export function Table({ columns, rows, selected, width, empty }: TableProps) {
  const theme = useTheme();
  const natural = rows.map((r) => r.cells);
  const fitted = fitColumns(columns, natural, width);
  const key = fitted.map((c) => `${c.key}:${c.width}`).join(',');
  // Same widths -> same array, so TableRow's memo holds across frames.
  const stable = useMemo(() => fitted, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const cellIndex = useMemo(() => stable.map((c) => columns.findIndex((d) => d.key === c.key)), [stable, columns]);
  const header = stable.map((c, i) => fit(c.title, c.width, c.align) + (i < stable.length - 1 ? ' ' : '')).join('');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" {...theme.columnHeader}>{fit(header, width)}</Text>
      {rows.length === 0 && empty ? <Text wrap="truncate" dimColor>{fit(empty, width)}</Text> : null}
      {rows.map((r, i) => (
        <TableRow key={r.id} row={r} cellIndex={cellIndex} columns={stable} selected={i === selected} width={width} theme={theme} />
      ))}
    </Box>
  );
}
