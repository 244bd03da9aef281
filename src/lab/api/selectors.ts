// Label selectors as kube-apiserver 1.24 parses them (apimachinery labels/selector.go). Errors
// carry the server's 400 text.
import { aggregate, ApiError, badRequest, goQuote } from './status.js';

// Field selectors (fieldSelectors.ts) throw this too, so a caller catches one type for both.
export class SelectorError extends ApiError {
  constructor(message: string) { super(badRequest(message)); }
}
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

type Op = 'exists' | '!' | 'in' | 'notin' | '=' | '==' | '!=' | '>' | '<';
interface Token { t: string; lit: string } // t: 'id', 'eos', or the operator/keyword itself
const KEYWORDS = new Set([')', ',', '!', '==', '=', '>', 'in', '<', '!=', 'notin', '(']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

// Lexer.Lex: a NUL where a token starts ends the input, as Go's read() returns 0 at the end.
function lex(s: string): Token[] {
  let pos = 0;
  const read = () => (pos < s.length ? s[pos++] ?? '\0' : '\0');
  const out: Token[] = [];
  for (;;) {
    let c = read();
    while (isSpace(c)) c = read();
    if (c === '\0') return [...out, { t: 'eos', lit: '' }];
    pos--;
    let buf = '';
    if (isSpecial(c)) { // the longest run of symbols that still forms an operator
      let last: Token | undefined;
      while ((c = read()) !== '\0') {
        if (!isSpecial(c)) { pos--; break; }
        buf += c;
        if (KEYWORDS.has(buf)) last = { t: buf, lit: buf };
        else if (last) { pos--; break; }
      }
      out.push(last ?? { t: 'error', lit: `error expected: keyword found '${buf}'` });
    } else {
      while ((c = read()) !== '\0') {
        if (isSpecial(c) || isSpace(c)) { pos--; break; }
        buf += c;
      }
      out.push({ t: KEYWORDS.has(buf) ? buf : 'id', lit: buf });
    }
  }
}

const QNAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const byteLength = (s: string) => Buffer.byteLength(s);
const regexError = (msg: string, fmt: string, ...examples: string[]) =>
  `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
const QNAME_ERROR = regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]', 'MyName', 'my.name', '123-abc');

/** validation.IsQualifiedName: what a label key must be. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) return [`a qualified name ${QNAME_ERROR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const errs: string[] = [];
  const name = parts.length === 2 ? parts[1] ?? '' : value;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (!prefix) errs.push('prefix part must be non-empty');
    else {
      if (byteLength(prefix) > 253) errs.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN.test(prefix)) errs.push('prefix part ' + regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*', 'example.com'));
    }
  }
  if (!name) errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push('name part must be no more than 63 characters');
  if (!QNAME.test(name)) errs.push(`name part ${QNAME_ERROR}`);
  return errs;
}
/** validation.IsValidLabelValue */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push('must be no more than 63 characters');
  if (value && !QNAME.test(value)) {
    errs.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?', 'MyValue', 'my_value', '12345'));
  }
  return errs;
}
// strconv.ParseInt(s, 10, 64)
const parseInt64 = (s: string): bigint | undefined =>
  /^[+-]?\d+$/.test(s) && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n ? BigInt(s) : undefined;

interface Requirement { key: string; op: Op; values: string[] }

function parseRequirements(text: string): Requirement[] {
  const items = lex(text);
  let p = 0;
  // In value position the keywords in/notin are plain identifiers ("x in (in)").
  const view = (tok: Token | undefined, values: boolean): Token =>
    tok && values && (tok.t === 'in' || tok.t === 'notin') ? { t: 'id', lit: tok.lit } : tok ?? { t: 'eos', lit: '' };
  const look = (values = true) => view(items[p], values);
  const take = (values = true) => view(items[p++], values);
  const fail = (msg: string): never => { throw new Error(msg); };

  const requirement = (): Requirement => {
    let op: Op | '' = '';
    let tok = take();
    if (tok.t === '!') { op = '!'; tok = take(); }
    if (tok.t !== 'id') fail(`found '${tok.lit}', expected: identifier`);
    const key = tok.lit;
    const keyErrs = qualifiedNameErrors(key);
    // field.Invalid with a nil path prints the path as <nil>
    if (keyErrs.length) fail(`<nil>: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
    const next = look().t;
    if ((next === 'eos' || next === ',') && op !== '!') op = 'exists';
    if (op === 'exists' || op === '!') return { key, op, values: [] };
    const optok = take(false);
    if (!['in', 'notin', '=', '==', '!=', '>', '<'].includes(optok.t)) fail(`found '${optok.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = new Set<string>();
    if (optok.t === 'in' || optok.t === 'notin') {
      const open = take();
      if (open.t !== '(') fail(`found '${open.lit}' expected: '('`);
      const first = look();
      if (first.t === ')') { take(); values.add(''); }
      else if (first.t !== 'id' && first.t !== ',') fail(`found '${first.lit}', expected: ',', ')' or identifier`);
      else {
        for (let done = false; !done;) { // parseIdentifiersList, empty members included
          const t = take();
          if (t.t === 'id') {
            values.add(t.lit);
            const n = look();
            if (n.t === ')') done = true;
            else if (n.t !== ',') fail(`found '${n.lit}', expected: ',' or ')'`);
          } else if (t.t === ',') {
            if (values.size === 0) values.add('');
            const n = look();
            if (n.t === ')') { values.add(''); done = true; } else if (n.t === ',') { take(); values.add(''); }
          } else fail(`found '${t.lit}', expected: ',', or identifier`);
        }
        if (take().t !== ')') fail(`found '${first.lit}', expected: ')'`);
      }
    } else {
      const n = look();
      if (n.t === 'eos' || n.t === ',') values.add('');
      else { const v = take(); if (v.t !== 'id') fail(`found '${v.lit}', expected: identifier`); values.add(v.lit); }
    }
    // NewRequirement sees the values sorted (sets.String.List()) and reports them by that index.
    const sorted = [...values].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const errs: string[] = [];
    if (optok.t === '>' || optok.t === '<') {
      sorted.forEach((v, i) => { if (parseInt64(v) === undefined) errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`); });
    }
    sorted.forEach((v, i) => {
      const e = labelValueErrors(v);
      if (e.length) errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${e.join('; ')}`);
    });
    if (errs.length) fail(aggregate(errs));
    return { key, op: optok.t as Op, values: sorted };
  };

  const reqs: Requirement[] = [];
  for (;;) {
    const tok = look();
    if (tok.t === 'eos') return reqs;
    if (tok.t !== 'id' && tok.t !== '!') fail(`found '${tok.lit}', expected: !, identifier, or 'end of string'`);
    try { reqs.push(requirement()); } catch (e) { throw new SelectorError(`unable to parse requirement: ${(e as Error).message}`); }
    const after = take();
    if (after.t === 'eos') return reqs;
    if (after.t !== ',') fail(`found '${after.lit}', expected: ',' or 'end of string'`);
    const n = look();
    if (n.t !== 'id' && n.t !== '!') fail(`found '${n.lit}', expected: identifier after ','`);
  }
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] ?? '' : '';
  switch (r.op) {
    case 'in': case '=': case '==': return has && r.values.includes(value);
    case 'notin': case '!=': return !has || !r.values.includes(value);
    case 'exists': return has;
    case '!': return !has;
    default: {
      const mine = has ? parseInt64(value) : undefined, want = parseInt64(r.values[0] ?? '');
      if (mine === undefined || want === undefined) return false;
      return r.op === '>' ? mine > want : mine < want;
    }
  }
}

/** labels.Parse. An empty selector matches everything. Throws SelectorError (400). */
export function parseLabelSelector(text: string): LabelMatcher {
  let reqs: Requirement[];
  try { reqs = parseRequirements(text); } catch (e) {
    throw e instanceof SelectorError ? e : new SelectorError((e as Error).message);
  }
  return (labels) => reqs.every((r) => matches(r, labels ?? {}));
}
