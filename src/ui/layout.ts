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
  /** Narrow, with the probe console open: it takes the nodes pane's place, above the pods. */
  left: { width: number; nodes: number; probe: number; pods: number };
  right: { width: number; probe: number; services: number };
  body: Rect;
}

export const WIDE_FROM = 100;
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 10;

/** Rows the console takes in the narrow layout: half the body, enough for a reply list and its figures. */
const NARROW_PROBE_SHARE = 0.5;

export function layout(columns: number, rows: number, nodeCount: number, probeOpen = false): Layout {
  const width = Math.max(MIN_COLUMNS, columns);
  const height = Math.max(MIN_ROWS, rows) - 1;
  const body = height - 2;
  const wide = width >= WIDE_FROM;
  const leftWidth = wide ? Math.floor(width * 0.62) : width;
  // nodes: title line + column header + rows + bottom border, at most a third of the body
  const nodes = Math.max(4, Math.min(nodeCount + 3, Math.floor(body / 3)));
  const probe = Math.ceil(body * 0.55);
  const narrowProbe = !wide && probeOpen ? Math.ceil(body * NARROW_PROBE_SHARE) : 0;
  const left = narrowProbe ? { width: leftWidth, nodes: 0, probe: narrowProbe, pods: body - narrowProbe } : { width: leftWidth, nodes, probe: 0, pods: body - nodes };
  return {
    width,
    header: 1,
    footer: 1,
    wide,
    left,
    right: { width: wide ? width - leftWidth : 0, probe: wide ? probe : 0, services: wide ? body - probe : 0 },
    body: { width, height: body },
  };
}
