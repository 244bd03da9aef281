// Where each pane goes for a terminal size. Ink 6 redraws the whole screen on every frame when a
// frame is as tall as the terminal (ink#971), so the app is one row shorter than the terminal.

export interface Rect {
  width: number;
  height: number;
}

export interface Layout {
  width: number;
  header: number;
  footer: number;
  /** Two columns (panes side by side) from 100 columns on; below, the probe and services panes fold away. */
  wide: boolean;
  left: { width: number; nodes: number; pods: number };
  right: { width: number; probe: number; services: number };
  body: Rect;
}

export const WIDE_FROM = 100;
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 10;

export function layout(columns: number, rows: number, nodeCount: number): Layout {
  const width = Math.max(MIN_COLUMNS, columns);
  const height = Math.max(MIN_ROWS, rows) - 1;
  const body = height - 2;
  const wide = width >= WIDE_FROM;
  const leftWidth = wide ? Math.floor(width * 0.62) : width;
  // nodes: title line + column header + rows + bottom border, at most a third of the body
  const nodes = Math.max(4, Math.min(nodeCount + 3, Math.floor(body / 3)));
  const probe = Math.ceil(body * 0.55);
  return {
    width,
    header: 1,
    footer: 1,
    wide,
    left: { width: leftWidth, nodes, pods: body - nodes },
    right: { width: wide ? width - leftWidth : 0, probe: wide ? probe : 0, services: wide ? body - probe : 0 },
    body: { width, height: body },
  };
}
