// The list continue token as storage/etcd3 encodes and decodes it. Decoding mirrors Go's base64
// and encoding/json step by step because clients see the decoder's exact complaint in the 400.
import { ApiError, badRequest, goJson, goQuote } from './status.js';

export interface ContinueToken { rv: number; start: string }
/** start is the key below the listed collection's prefix: the last returned key plus "\u0000". */
export const encodeContinue = (t: ContinueToken): string =>
  Buffer.from(goJson({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString('base64url');

/** Throws ApiError(400) worded as the server words it for every token the server rejects. */
export function decodeContinue(token: string): ContinueToken {
  const fail = (why: string) => new ApiError(badRequest(`invalid continue token: continue key is not valid: ${why}`));
  let members: Array<[string, string]> | string;
  try { members = goJsonMembers(base64RawUrl(token)); } catch (e) { throw fail((e as Error).message); }
  // encoding/json's UnmarshalTypeError wording; "number X" only when an int64 got a non-integer.
  const typeError = (raw: string, field = '', type = '') => `json: cannot unmarshal ${{ '{': 'object', '[': 'array', '"': 'string', t: 'bool', f: 'bool' }[raw[0] ?? '']
    ?? (type === 'int64' ? `number ${raw}` : 'number')} into Go ${field ? `struct field continueToken.${field} of type ${type}` : 'value of type etcd3.continueToken'}`;
  if (typeof members === 'string') { if (members !== 'null') throw fail(typeError(members)); members = []; }
  let v = '', rv = 0, start = '', firstError = '';
  for (const [rawKey, raw] of members) {
    // Keys match fields case-insensitively (with Go's long-s and Kelvin-sign folding); the last one wins.
    const key = (JSON.parse(rawKey) as string).replace(/\u017f/g, 's').replace(/\u212a/g, 'k').toLowerCase();
    if (raw === 'null' || !['v', 'rv', 'start'].includes(key)) continue;
    if (key === 'rv') {
      if (/^-?\d+$/.test(raw) && BigInt(raw) >= -(2n ** 63n) && BigInt(raw) < 2n ** 63n) rv = Number(raw);
      else firstError ||= typeError(raw, 'rv', 'int64');
    } else if (raw[0] !== '"') firstError ||= typeError(raw, key, 'string');
    else if (key === 'v') v = JSON.parse(raw) as string;
    else start = JSON.parse(raw) as string;
  }
  if (firstError) throw fail(firstError);
  if (v !== 'meta.k8s.io/v1') throw fail(`server does not recognize this encoded version ${goQuote(v)}`);
  if (rv === 0) throw fail('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (!start) throw fail('encoded start key empty (version meta.k8s.io/v1)');
  const key = start.startsWith('/') ? start : '/' + start;
  if (cleanPath(key) !== key) throw fail(start); // path traversal guard
  return { rv, start };
}

// base64.RawURLEncoding.DecodeString: skips CR/LF, ignores trailing bits, reports byte offsets.
function base64RawUrl(s: string): Uint8Array {
  const src = Buffer.from(s, 'utf8'), out: number[] = [];
  let acc = 0, n = 0;
  src.forEach((c, i) => {
    if (c === 10 || c === 13) return;
    const d = c < 0x80 ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(String.fromCharCode(c)) : -1;
    if (d < 0) throw new Error(`illegal base64 data at input byte ${i}`);
    acc = (acc << 6) | d;
    if (++n === 4) { out.push((acc >> 16) & 255, (acc >> 8) & 255, acc & 255); acc = n = 0; }
  });
  if (n === 1) throw new Error(`illegal base64 data at input byte ${src.length - 1}`);
  if (n > 1) out.push(...(n === 2 ? [(acc >> 4) & 255] : [(acc >> 10) & 255, (acc >> 2) & 255]));
  return Uint8Array.from(out);
}

// Go validates the whole input with its JSON scanner before decoding, so syntax errors come first and
// in its words. Returns the top-level object's members as raw [key, value] text, else the raw value.
function goJsonMembers(b: Uint8Array): Array<[string, string]> | string {
  let i = 0;
  const members: Array<[string, string]> = [];
  const text = (from: number, to: number) => new TextDecoder().decode(b.subarray(from, to));
  const end = (): never => { throw new Error('unexpected end of JSON input'); };
  const bad = (context: string): never => {
    const c = b[i] ?? 0;
    throw new Error(`invalid character ${c === 0x27 ? "'\\''" : `'${c === 0x22 ? '"' : goQuote(String.fromCharCode(c)).slice(1, -1)}'`} ${context}`);
  };
  const at = () => (i < b.length ? (b[i] ?? 0) : end());
  const skip = () => { while (i < b.length && ' \t\r\n'.includes(String.fromCharCode(b[i] ?? 0))) i++; return i < b.length; };
  const isDigit = () => i < b.length && (b[i] ?? 0) >= 0x30 && (b[i] ?? 0) <= 0x39;
  const digits = (context: string) => { if (!isDigit()) bad(context); while (isDigit()) i++; };
  const str = () => {
    for (i++; at() !== 0x22; i++) {
      if (at() < 0x20) bad('in string literal');
      if (b[i] !== 0x5c) continue;
      i++;
      if (at() === 0x75) for (let k = 0; k < 4; k++) { i++; if (!/[\da-fA-F]/.test(String.fromCharCode(at()))) bad('in \\u hexadecimal character escape'); }
      else if (!'"\\/bfnrt'.includes(String.fromCharCode(b[i] ?? 0))) bad('in string escape code');
    }
    i++;
  };
  const value = (depth: number): void => {
    if (!skip()) end();
    const c = b[i] ?? 0, close = c === 0x7b ? 0x7d : 0x5d;
    if (c === 0x7b || c === 0x5b) {
      i++;
      if (!skip()) end();
      if (b[i] === close) { i++; return; }
      for (;;) {
        if (c === 0x7b) {
          if (!skip() || b[i] !== 0x22) bad('looking for beginning of object key string');
          const k0 = i; str(); const k1 = i;
          if (!skip()) end();
          if (b[i] !== 0x3a) bad('after object key');
          i++; skip();
          const v0 = i; value(depth + 1);
          if (depth === 0) members.push([text(k0, k1), text(v0, i)]);
        } else value(depth + 1);
        if (!skip()) end();
        if (b[i] === 0x2c) { i++; continue; }
        if (b[i] === close) { i++; return; }
        bad(c === 0x7b ? 'after object key:value pair' : 'after array element');
      }
    }
    if (c === 0x22) return str();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (c === 0x2d) { i++; at(); if (!isDigit()) bad('in numeric literal'); }
      if (b[i] === 0x30) i++; else while (isDigit()) i++;
      if (b[i] === 0x2e) { i++; at(); digits('after decimal point in numeric literal'); }
      if (b[i] === 0x65 || b[i] === 0x45) { i++; if (at() === 0x2b || b[i] === 0x2d) { i++; at(); } digits('in exponent of numeric literal'); }
      return;
    }
    const lit = ['true', 'false', 'null'].find((l) => l.charCodeAt(0) === c) ?? bad('looking for beginning of value');
    for (let k = 1; k < lit.length; k++) { i++; if (at() !== lit.charCodeAt(k)) bad(`in literal ${lit} (expecting '${lit[k]}')`); }
    i++;
  };
  value(0);
  if (skip()) bad('after top-level value');
  const all = text(0, b.length).trim();
  return all.startsWith('{') ? members : all;
}

// Go's path.Clean, for the traversal check on the start key.
function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else if (seg === '..' && !p.startsWith('/')) parts.push(seg);
    else if (seg !== '' && seg !== '.' && seg !== '..') parts.push(seg);
  }
  return (p.startsWith('/') ? '/' : '') + parts.join('/') || '.';
}
