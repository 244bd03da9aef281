// One table line: cells padded to their columns, each toned cell in its style. Memoized by content,
// so a watch batch that touches one pod re-renders one line.
import React, { memo } from 'react';
import { Text } from 'ink';
import type { Row } from '../../state/rows.js';
import type { FittedColumn } from '../../state/columns.js';
import type { Theme } from '../theme.js';
import { fit } from '../format.js';

export interface TableRowProps {
  row: Row;
  /** Index of each shown column in row.cells. */
  cellIndex: readonly number[];
  columns: readonly FittedColumn[];
  selected: boolean;
  width: number;
  theme: Theme;
}

function TableRowView({ row, cellIndex, columns, selected, width, theme }: TableRowProps) {
  const parts: React.ReactNode[] = [];
  let used = 0;
  columns.forEach((c, i) => {
    const ci = cellIndex[i]!;
    const text = fit(row.cells[ci] ?? '', c.width, c.align) + (i < columns.length - 1 ? ' ' : '');
    used += text.length;
    const tone = row.tones[ci];
    parts.push(tone ? <Text key={i} {...theme.tone[tone]}>{text}</Text> : text);
  });
  if (used < width) parts.push(' '.repeat(width - used));
  return (
    <Text wrap="truncate" inverse={selected}>
      {parts}
    </Text>
  );
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export const TableRow = memo(TableRowView, (a, b) =>
  a.selected === b.selected && a.width === b.width && a.theme === b.theme && a.columns === b.columns &&
  same(a.row.cells, b.row.cells) && same(a.row.tones, b.row.tones) && same(a.cellIndex, b.cellIndex));
