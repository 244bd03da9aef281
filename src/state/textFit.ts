// Fitting text into cells: pad or cut to a width, with an ellipsis when cut. Pure.

export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** Words wrapped to `width`, at most `maxLines` lines; the last one cut with an ellipsis if need be. */
export function wrapWords(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  const shown = lines.slice(0, maxLines).map((l) => fit(l, width).trimEnd());
  if (lines.length > maxLines && shown.length > 0) shown[shown.length - 1] = fit(`${lines[maxLines - 1]} ${lines[maxLines]}`, width);
  return shown;
}
