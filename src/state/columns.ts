// Column declarations as data (k9s's habit) and the one function that fits them to a width:
// natural widths from the header and the rows on screen, lowest-priority columns dropped first
// when the pane is narrow, and the flexible column (NAME) shrunk last.

export interface Column {
  key: string;
  title: string;
  min: number;
  max: number;
  /** Columns with the lowest drop number go first when the width is short; undefined: never. */
  drop?: number;
  /** Dropped rather than cutting the flexible column's text; others only when even its minimum does not fit. */
  optional?: boolean;
  /** Shrinks to `min` before anything is dropped. */
  flex?: boolean;
  align?: 'left' | 'right';
}

export interface FittedColumn extends Column {
  width: number;
}

export const GAP = 1;

export function fitColumns(columns: readonly Column[], rows: readonly (readonly string[])[], width: number): FittedColumn[] {
  const natural = columns.map((c, i) => {
    let w = c.title.length;
    for (const r of rows) w = Math.max(w, (r[i] ?? '').length);
    return Math.max(c.min, Math.min(c.max, w));
  });
  let shown = columns.map((_, i) => i);
  const total = (ix: number[], flexAtMin: boolean) =>
    ix.reduce((sum, i) => sum + (flexAtMin && columns[i]!.flex ? columns[i]!.min : natural[i]!), 0) + GAP * Math.max(0, ix.length - 1);
  const droppable = columns
    .map((c, i) => ({ i, drop: c.drop }))
    .filter((d): d is { i: number; drop: number } => d.drop !== undefined)
    .sort((a, b) => a.drop - b.drop);
  // First the optional columns, while the natural widths do not fit; then the others, while not
  // even the flexible column's minimum fits.
  for (const d of droppable) {
    const optional = columns[d.i]!.optional;
    if (total(shown, !optional) <= width) continue;
    shown = shown.filter((i) => i !== d.i);
  }
  const fitted = shown.map((i) => ({ ...columns[i]!, width: natural[i]! }));
  const excess = total(shown, false) - width;
  if (excess > 0) {
    for (const f of fitted) {
      if (!f.flex) continue;
      f.width = Math.max(f.min, f.width - excess);
    }
  }
  return fitted;
}
