// Fitting text into cells: pad or cut to a width, with an ellipsis when cut. Pure.

export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** A line exactly `width` wide: cut with an ellipsis, or padded with spaces. */
export const line = (text: string, width: number) => fit(text, width);
