// metav1.Status error bodies as kube-apiserver 1.24 writes them (apimachinery/pkg/api/errors),
// plus the Go string/JSON quoting their messages depend on.
export interface StatusCause { reason?: string; message?: string; field?: string }
export interface StatusDetails {
  name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number;
}
export interface Status {
  kind: 'Status'; apiVersion: 'v1'; metadata: { continue?: string }; status: 'Failure';
  message?: string; reason?: string; details?: StatusDetails; code: number;
}
/** alwaysPretty: the server wrote it with WriteRawJSON (indented, no trailing newline) whatever the client asked. */
export interface StatusResult { code: number; body: Status; headers?: Record<string, string>; alwaysPretty?: true }
export interface TextResult { code: number; body: string; headers: Record<string, string> }

export class ApiError extends Error {
  constructor(readonly result: StatusResult) { super(result.body.message); }
}

/** What the core codecs offer, in the server's order (every "accepted media types" message lists these). */
export const SERVER_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';
const NOSNIFF = { 'x-content-type-options': 'nosniff' };

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols (plus ASCII space, handled below).
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const SHORT_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Go's %q / strconv.Quote, which every quoted name in an apiserver message goes through. */
export function goQuote(s: string): string {
  let out = '"';
  for (let ch of s) {
    if (/^[\ud800-\udfff]$/.test(ch)) ch = '\ufffd'; // a Go string holds no lone surrogate; its decoder made U+FFFD
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if ((cp >= 0x20 && cp < 0x7f) || (cp > 0x7f && PRINTABLE.test(ch))) out += ch;
    else if (SHORT_ESCAPES[cp]) out += SHORT_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else out += cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
  }
  return out + '"';
}

// encoding/json escapes HTML characters and U+2028/9, writes \b and \f as \u00XX (Go < 1.22)
// and turns invalid UTF-8 into U+FFFD; JSON.stringify differs on exactly these.
const GO_JSON_FIXUPS: Record<string, string> = {
  '\\b': '\\u0008', '\\f': '\\u000c', '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};
/** JSON bytes as Go's encoding/json writes them (compact, or indented like MarshalIndent). No trailing newline. */
export function goJson(value: unknown, indent?: string): string {
  return JSON.stringify(value ?? null, null, indent).replace(/\\u[\da-f]{4}|\\.|[<>&\u2028\u2029]/g, (m) =>
    /^\\ud[89a-f]/.test(m) ? '\\ufffd' : GO_JSON_FIXUPS[m] ?? m);
}

function build(code: number, message: string, reason?: string, details?: StatusDetails, metadata: Status['metadata'] = {}): Status {
  const s: Partial<Status> = { kind: 'Status', apiVersion: 'v1', metadata, status: 'Failure' };
  if (message) s.message = message;
  if (reason) s.reason = reason;
  if (details) s.details = compactDetails(details);
  s.code = code;
  return s as Status;
}
// StatusDetails fields are all omitempty and serialize in struct order.
function compactDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes?.length) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}
const groupResource = (resource: string, group = '') => (group ? `${resource}.${group}` : resource);
const result = (code: number, body: Status, headers?: Record<string, string>): StatusResult => (headers ? { code, body, headers } : { code, body });

export const notFound = (resource: string, name: string, group = '') =>
  result(404, build(404, `${groupResource(resource, group)} ${goQuote(name)} not found`, 'NotFound', { name, group, kind: resource }));
export const alreadyExists = (resource: string, name: string, group = '') =>
  result(409, build(409, `${groupResource(resource, group)} ${goQuote(name)} already exists`, 'AlreadyExists', { name, group, kind: resource }));
export const conflict = (resource: string, name: string, group = '', why = OPTIMISTIC_LOCK_MESSAGE) =>
  result(409, build(409, `Operation cannot be fulfilled on ${groupResource(resource, group)} ${goQuote(name)}: ${why}`, 'Conflict', { name, group, kind: resource }));
export const unauthorized = () => result(401, build(401, 'Unauthorized', 'Unauthorized'));
export const badRequest = (message: string) => result(400, build(400, message, 'BadRequest'));
/** The go-restful fallbacks that carry an empty details object. */
export const unknownResource = () => result(404, build(404, 'the server could not find the requested resource', 'NotFound', {}));
export const methodNotAllowed = () => result(405, build(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {}));
/** No clause of Accept names a type the route produces (go-restful); errors/406-accept-xml. */
export const notAcceptable = (): StatusResult => ({ ...result(406, build(406, '406: Not Acceptable', 'NotAcceptable', {})), alwaysPretty: true });
/** A type matched but its parameters could not be honoured; discovery/aggregated-*-only. */
export const notAcceptableMediaTypes = (types = SERVER_MEDIA_TYPES): StatusResult =>
  ({ ...result(406, build(406, `only the following media types are accepted: ${types.join(', ')}`, 'NotAcceptable')), alwaysPretty: true });
export const unsupportedMediaType = (types = SERVER_MEDIA_TYPES) =>
  result(415, build(415, `the body of the request was in an unknown format - accepted media types include: ${types.join(', ')}`, 'UnsupportedMediaType'));
/** An error that is not a Status (dialing the kubelet, ...): code 500 and no reason at all. */
export const internalError = (message: string) => result(500, build(500, message));
export const expired = (message: string, continueToken?: string) =>
  result(410, build(410, message, 'Expired', undefined, continueToken ? { continue: continueToken } : {}));
export const expiredResourceVersion = () => expired('The resourceVersion for the provided list is too old.');
export const expiredContinue = (newToken: string) => expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.', newToken);
/** The object of a watch's ERROR event (HTTP stays 200). */
export const tooOldResourceVersion = (requested: number, current: number) => expired(`too old resource version: ${requested} (${current})`);
export const gone = (message: string) => result(410, build(410, message, 'Gone'));
export const resourceVersionTooLarge = (requested: number, current: number) =>
  result(504, build(504, `Timeout: Too large resource version: ${requested}, current: ${current}`, 'Timeout',
    { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 }), { 'retry-after': '1' });
/** An unknown API group or path: Go's http.NotFound, not a Status. */
export const pageNotFound = (): TextResult =>
  ({ code: 404, body: '404 page not found\n', headers: { 'content-type': 'text/plain; charset=utf-8', ...NOSNIFF } });
export const unknownGroup = pageNotFound;

export interface ForbiddenAttributes {
  user: string; verb: string; resource?: string; group?: string; namespace?: string; name?: string;
  subresource?: string; /** non-resource requests (discovery, /healthz) */ path?: string; /** authorizer's reason, appended */ reason?: string;
}
/** RBAC denial, positionally or from request attributes. No namespace is the cluster scope (also all-namespaces lists). */
export function forbidden(user: string | ForbiddenAttributes, verb = '', resource = '', group = '', namespace = '', name = '', subresource = '', reason = ''): StatusResult {
  const a = typeof user === 'string' ? { user, verb, resource, group, namespace, name, subresource, reason } : user;
  const [res, grp, nm, sub] = [a.resource ?? '', a.group ?? '', a.name ?? '', a.subresource ?? ''];
  const where = a.namespace ? `in the namespace ${goQuote(a.namespace)}` : 'at the cluster scope';
  let msg = (!res && a.path !== undefined ? `User ${goQuote(a.user)} cannot ${a.verb} path ${goQuote(a.path)}`
    : `User ${goQuote(a.user)} cannot ${a.verb} resource ${goQuote(sub ? `${res}/${sub}` : res)} in API group ${goQuote(grp)} ${where}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
  if (a.reason) msg += `: ${a.reason}`;
  const gr = groupResource(res, grp);
  const message = !gr ? `forbidden: ${msg}` : nm ? `${gr} ${goQuote(nm)} is forbidden: ${msg}` : `${gr} is forbidden: ${msg}`;
  return result(403, build(403, message, 'Forbidden', { name: nm, group: grp, kind: res }), NOSNIFF);
}

export type FieldErrorType = 'FieldValueNotFound' | 'FieldValueRequired' | 'FieldValueDuplicate' | 'FieldValueInvalid'
  | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueTooMany' | 'InternalError' | 'FieldValueTypeInvalid';
/** field.Error. detail is what follows the type's words: Required with detail '' reads "Required value". */
export interface FieldError { type: FieldErrorType | (string & {}); field: string; value?: unknown; detail?: string }
const FIELD_ERROR_TEXT: Record<string, string> = {
  FieldValueNotFound: 'Not found', FieldValueRequired: 'Required value', FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value', FieldValueNotSupported: 'Unsupported value', FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long', FieldValueTooMany: 'Too many', InternalError: 'Internal error', FieldValueTypeInvalid: 'Invalid value',
};
const goValue = (v: unknown): string =>
  v === undefined || v === null ? 'null'
    : typeof v === 'string' ? goQuote(v)
      : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v)
        : Array.isArray(v) && v.every((x) => typeof x === 'string') ? `[]string{${v.map(goQuote).join(', ')}}` : JSON.stringify(v);
/** field.Error.ErrorBody(): what a cause's message holds. */
export function fieldErrorBody(e: FieldError): string {
  const bare = ['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError'].includes(e.type);
  const text = FIELD_ERROR_TEXT[e.type] ?? e.type;
  const s = bare ? text : `${text}: ${goValue(e.value)}`;
  return e.detail ? `${s}: ${e.detail}` : s;
}
/** utilerrors aggregate: duplicates dropped, brackets only around more than one message. */
export function aggregate(messages: string[]): string {
  const distinct = [...new Set(messages)];
  return distinct.length === 1 ? distinct[0] ?? '' : `[${distinct.join(', ')}]`;
}
/** 422; details.kind is the Kind here, not the resource. */
export function invalid(kind: string, name: string, errors: FieldError[], group = ''): StatusResult {
  const gk = group ? `${kind}.${group}` : kind;
  const agg = aggregate(errors.map((e) => `${e.field}: ${fieldErrorBody(e)}`));
  const causes = errors.map((e) => {
    const c: StatusCause = { reason: e.type };
    const message = fieldErrorBody(e);
    if (message) c.message = message;
    if (e.field) c.field = e.field;
    return c;
  });
  return result(422, build(422, errors.length ? `${gk} ${goQuote(name)} is invalid: ${agg}` : `${gk} ${goQuote(name)} is invalid`, 'Invalid', { name, group, kind, causes }));
}

/** ValidateListOptions (422 on kind ListOptions.meta.k8s.io), or undefined when the options pass. */
export function listOptionsError(o: { watch?: boolean; resourceVersion?: string; resourceVersionMatch?: string; continue?: string }): StatusResult | undefined {
  const match = o.resourceVersionMatch ?? '';
  if (!match) return undefined;
  const errors: FieldError[] = [];
  const forbid = (detail: string) => errors.push({ type: 'FieldValueForbidden', field: 'resourceVersionMatch', detail });
  if (o.watch) forbid('resourceVersionMatch is forbidden for watch');
  if (!o.resourceVersion) forbid('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (o.continue) forbid('resourceVersionMatch is forbidden when continue is provided');
  if (match !== 'Exact' && match !== 'NotOlderThan') {
    errors.push({ type: 'FieldValueNotSupported', field: 'resourceVersionMatch', value: match, detail: 'supported values: "Exact", "NotOlderThan", ""' });
  }
  if (match === 'Exact' && o.resourceVersion === '0') forbid('resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
  return errors.length ? invalid('ListOptions', '', errors, 'meta.k8s.io') : undefined;
}
/** A watch that names resourceVersionMatch. */
export const invalidListOptions = (resourceVersion: string, resourceVersionMatch = 'NotOlderThan') =>
  listOptionsError({ watch: true, resourceVersion, resourceVersionMatch }) as StatusResult;
