import { cleanText } from '../state/sanitize.js';

/** How much of a body is kept to look for <title>: bodies can be huge (/bytes/N) and stream in. */
export const TITLE_HEAD_LIMIT = 64 * 1024;

const TITLE = /<title[^>]*>([\s\S]*?)<\/title\s*>/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Reads the page title from the head of a body as its lines arrive, keeping memory bounded. */
export class TitleFinder {
  private head = '';
  private done = false;
  title: string | null = null;

  /** Returns the title the first time it becomes complete, null otherwise. */
  push(line: string): string | null {
    if (this.done) return null;
    if (this.head.length >= TITLE_HEAD_LIMIT) {
      this.done = true;
      return null;
    }
    this.head += `${line.slice(0, TITLE_HEAD_LIMIT - this.head.length)}\n`;
    // Only a line closing a title can complete one, so the regex runs rarely.
    if (!/<\/title/i.test(line)) return null;
    const m = TITLE.exec(this.head);
    if (!m) return null;
    this.done = true;
    this.head = '';
    this.title = cleanTitle(m[1]!);
    return this.title;
  }
}

/** One line of plain text: entities decoded, whitespace collapsed, control characters dropped. */
export function cleanTitle(raw: string): string {
  const decoded = raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
  // A title is shown on one screen line; a body could smuggle terminal escapes into it (also
  // as entities such as &#27;), so whole sequences go, not just their control bytes.
  return cleanText(decoded.replace(/\s+/g, ' ')).replace(/\s+/g, ' ').trim();
}
