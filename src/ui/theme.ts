// Semantic styles. With NO_COLOR (https://no-color.org) nothing is coloured: meaning is carried
// by bold, underline and inverse, which NO_COLOR leaves alone.
import type { Tone } from '../state/rows.js';

export interface Style {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export interface Theme {
  noColor: boolean;
  tone: Record<NonNullable<Tone>, Style>;
  title: Style;
  titleFocused: Style;
  border: string | undefined;
  borderFocused: string | undefined;
  header: Style;
  columnHeader: Style;
  cursor: Style;
  key: Style;
  flash: Record<'info' | 'warn' | 'error', Style>;
}

export function makeTheme(noColor: boolean): Theme {
  const c = (color: string, extra: Style = {}): Style => (noColor ? extra : { color, ...extra });
  return {
    noColor,
    tone: {
      ok: c('green'),
      warn: c('yellow'),
      fail: c('red', { bold: true }),
      dim: c('gray'),
      changed: c('yellow', { bold: true, underline: noColor }),
      mark: c('magenta', { bold: true }),
    },
    title: c('gray', { bold: true }),
    titleFocused: c('cyan', { bold: true, inverse: noColor }),
    border: noColor ? undefined : 'gray',
    borderFocused: noColor ? undefined : 'cyan',
    header: c('cyan', { bold: true }),
    columnHeader: c('gray', { bold: true }),
    cursor: { inverse: true },
    key: c('cyan', { bold: true }),
    flash: { info: c('cyan'), warn: c('yellow', { bold: true }), error: c('red', { bold: true }) },
  };
}

/** NO_COLOR counts when set to anything but the empty string. */
export const noColorFromEnv = (env: NodeJS.ProcessEnv = process.env) => env.NO_COLOR !== undefined && env.NO_COLOR !== '';
