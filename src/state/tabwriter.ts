// Go's text/tabwriter as kubectl's describers use it (minwidth 0, tabwidth 8, padding 2, padchar
// ' ', flags 0): cells end at '\t', a column is as wide as its widest cell in a block of adjacent
// lines that have that column, plus 2. Ported from format()/writeLines() so output matches kubectl.

const PADDING = 2;

/** Lays out lines whose cells are separated by '\t'. Returns the lines, without newlines. */
export function tabwrite(lines: readonly string[]): string[] {
  const cells = lines.map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const line = cells[i]!;
      let text = '';
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        text += c;
        // Only tab-terminated cells (all but the last) are padded, and only to known widths.
        if (j < line.length - 1 && j < widths.length) text += ' '.repeat(Math.max(0, widths[j]! - width(c)));
      }
      out.push(text);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= cells[i]!.length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let w = 0;
      for (; i < line1 && column < cells[i]!.length - 1; i++) {
        w = Math.max(w, width(cells[i]![column]!) + PADDING);
      }
      widths.push(w);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--; // the for loop's i++ must revisit the line that ended the block
    }
    writeLines(line0, line1);
  };

  format(0, cells.length);
  return out;
}

/** Display width in terminal cells; the describers' text is ASCII apart from cluster strings. */
function width(s: string): number {
  return [...s].length;
}
