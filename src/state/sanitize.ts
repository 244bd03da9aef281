// Cluster text may hold anything (names are validated by the apiserver, but event messages,
// container state messages, annotations and labels' values are not). Before any of it reaches
// the terminal, drop escape sequences and control characters so it draws as plain text.

// ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] P X ^ _ ... ST or BEL),
// and two-byte escapes (ESC + one char). Also their 8-bit C1 forms (CSI = U+009B, OSC = U+009D, ...).
const CSI = /(?:\u001b\[|\u009b)[\u0020-\u003f]*[\u0040-\u007e]?/g;
const STRING_SEQ = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g;
const TWO_BYTE = /\u001b[\u0020-\u007e]?/g;
// Remaining C0 (except nothing: tab and newlines become spaces below), DEL and C1 controls, and
// the bidi overrides that can make text display in another order than it reads.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const SPACES = /[\t\n\r]/g;

/** One-line text safe to draw: no escape sequences, no control characters, tabs/newlines as spaces. */
export function cleanText(s: string | null | undefined): string {
  if (s === null || s === undefined || s === '') return '';
  // Fast path: plain printable ASCII is by far the common case (names, IPs, phases).
  if (/^[\u0020-\u007e]*$/.test(s)) return s;
  return s.replace(STRING_SEQ, '').replace(CSI, '').replace(TWO_BYTE, '').replace(SPACES, ' ').replace(CONTROLS, '');
}

/** Multi-line text safe to draw: as cleanText, but keeps line breaks (as separate lines). */
export function cleanLines(s: string | null | undefined): string[] {
  return (s ?? '').split(/\r?\n/).map(cleanText);
}
