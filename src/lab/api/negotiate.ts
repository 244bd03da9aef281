// Content negotiation as kube-apiserver 1.24 does it (go-restful's route check, then
// endpoints/handlers/negotiation), narrowed to what the lab writes: JSON and YAML, never protobuf.
import { goJson, notAcceptable, notAcceptableMediaTypes, SERVER_MEDIA_TYPES, type StatusResult } from './status.js';

export type ResponseForm = 'json' | 'table' | 'partialMetadata' | 'partialMetadataList' | 'yaml' | 'notAcceptable';
export interface Negotiated {
  form: ResponseForm;
  /** How to serialize: a Table or PartialObjectMetadata may be asked for as YAML too. */
  encoding?: 'json' | 'yaml';
  tableVersion?: 'v1' | 'v1beta1';
  metaVersion?: 'v1' | 'v1beta1';
  /** The media type carried pretty=1 (same effect as a curl user agent). */
  pretty?: boolean;
  stream?: 'watch';
  /** With notAcceptable: the Status to send. alwaysPretty ones go out indented whatever the client is. */
  error?: StatusResult;
}
export interface NegotiateOptions {
  /** 'discovery' negotiates like DefaultEndpointRestrictions: no as=/g=/v= conversions, no route check. */
  endpoint?: 'resource' | 'discovery';
  /** A watch also needs a stream serializer, which YAML lacks. */
  watch?: boolean;
}
export interface AcceptClause { type: string; subType: string; q: number; params: Map<string, string> }

const trimSpaces = (s: string) => s.replace(/^ +| +$/g, ''); // strings.Trim(s, " "): spaces only
// strconv.ParseFloat(s, 32) with the error ignored, as goautoneg does: junk (even " 0.5") is q=0.
function goParseFloat(s: string): number {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Math.fround(Number(s)) : 0;
}

/** goautoneg.ParseAccept as vendored by 1.24, including its ordering. */
export function parseAccept(header: string): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const part of header.split(',')) {
    const [range = '', ...params] = trimSpaces(part).split(';');
    const sp = range.split('/');
    const type = trimSpaces(sp[0] ?? '');
    if (!(sp.length === 2 || (sp.length === 1 && type === '*'))) continue;
    const clause: AcceptClause = { type, subType: sp.length === 2 ? trimSpaces(sp[1] ?? '') : '*', q: 1, params: new Map() };
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const token = trimSpaces(param.slice(0, eq));
      if (token === 'q') clause.q = goParseFloat(param.slice(eq + 1));
      else clause.params.set(token, trimSpaces(param.slice(eq + 1)));
    }
    clauses.push(clause);
  }
  // The reference server is built with Go 1.19 (see /version), whose sort.Sort is a plain insertion
  // sort up to 12 items. Less is no strict order (a lower q can still come first for being more
  // specific), so only the same steps give the same order.
  const less = (a: AcceptClause, b: AcceptClause) =>
    a.q > b.q || (a.type !== '*' && b.type === '*') || (a.subType !== '*' && b.subType === '*');
  for (let i = 1; i < clauses.length; i++) {
    for (let j = i; j > 0 && less(clauses[j]!, clauses[j - 1]!); j--) [clauses[j - 1], clauses[j]] = [clauses[j]!, clauses[j - 1]!];
  }
  return clauses;
}

// go-restful picks a route only if some clause names a type the route produces, ignoring
// parameters and partial wildcards: "application/*" alone is a 406 there.
const routeAccepts = (accept: string) => accept.split(',').some((part) => {
  const type = trimSpaces(part.split(';')[0] ?? '');
  return type === '*/*' || SERVER_MEDIA_TYPES.includes(type);
});

// acceptMediaTypeOptions plus RequestScope.AllowsMediaTypeTransform (or the default restrictions).
function mediaTypeOptions(params: Map<string, string>, subType: string, discovery: boolean): Negotiated | undefined {
  let convert = false, kind = '', group = '', version = '', pretty = false, stream = '';
  for (const [k, v] of params) {
    if (k === 'as') { convert = true; kind = v; }
    else if (k === 'g') { convert = true; group = v; }
    else if (k === 'v') { convert = true; version = v; }
    else if (k === 'stream') { if (v && (subType === 'yaml' || v !== 'watch')) return undefined; stream = v; }
    else if (k === 'sv') { if (v && (discovery || v !== 'v1')) return undefined; }
    else if (k === 'pretty') pretty = v === '1';
  }
  const encoding = subType === 'yaml' ? 'yaml' as const : 'json' as const;
  const base: Negotiated = { form: encoding, encoding, pretty, ...(stream ? { stream: 'watch' as const } : {}) };
  if (!convert) return base;
  if (discovery || group !== 'meta.k8s.io' || (version !== 'v1' && version !== 'v1beta1')) return undefined;
  if (kind === 'Table') return subType === 'vnd.kubernetes.protobuf' ? undefined : { ...base, form: 'table', tableVersion: version };
  if (kind === 'PartialObjectMetadata') return { ...base, form: 'partialMetadata', metaVersion: version };
  if (kind === 'PartialObjectMetadataList') return { ...base, form: 'partialMetadataList', metaVersion: version };
  return undefined;
}

/**
 * The response form for an Accept header, in the client's order of preference. Protobuf is passed
 * over (clients that ask for it also accept JSON); aggregated discovery is not offered, as on 1.24.
 */
export function negotiate(accept: string | undefined, opts: NegotiateOptions = {}): Negotiated {
  const discovery = opts.endpoint === 'discovery';
  if (!accept) return { form: 'json', encoding: 'json', pretty: false };
  if (!discovery && !routeAccepts(accept)) return { form: 'notAcceptable', error: notAcceptable() };
  for (const clause of parseAccept(accept)) {
    for (const media of SERVER_MEDIA_TYPES) {
      const [type, subType = ''] = media.split('/');
      const fits = (clause.type === type && (clause.subType === subType || clause.subType === '*'))
        || (clause.type === '*' && clause.subType === '*');
      const got = fits ? mediaTypeOptions(clause.params, subType, discovery) : undefined;
      if (!got || subType === 'vnd.kubernetes.protobuf') continue;
      if (opts.watch && got.encoding === 'yaml') {
        // NegotiateOutputMediaTypeStream stops at the first fit; this 406 is itself negotiable (as YAML).
        const { alwaysPretty: _, ...error } = notAcceptableMediaTypes(['application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch']);
        return { form: 'notAcceptable', error };
      }
      return got;
    }
  }
  return { form: 'notAcceptable', error: notAcceptableMediaTypes() };
}

/** isPrettyPrint: a non-empty ?pretty= decides (strconv.ParseBool, junk is false); else curl, Wget and browsers. */
export function wantsPretty(userAgent?: string, prettyParam?: string | null): boolean {
  if (prettyParam) return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(prettyParam);
  const ua = userAgent ?? '';
  return ua.startsWith('curl') || ua.startsWith('Wget') || ua.startsWith('Mozilla/5.0');
}

/** The bytes the server writes: compact with a trailing newline (json.Encoder), or indented without one. */
export function toJson(obj: unknown, pretty: boolean): string {
  return pretty ? goJson(obj, '  ') : goJson(obj) + '\n';
}

/**
 * How a Status error reaches this client. ErrorNegotiated renegotiates with no conversions; when
 * nothing fits (Accept: only a Table, only XML) it writes raw indented JSON with the error's own code.
 */
export function negotiateError(accept: string | undefined, userAgent?: string, prettyParam?: string | null): { encoding: 'json' | 'yaml'; pretty: boolean } {
  const n = negotiate(accept, { endpoint: 'discovery' });
  if (n.form === 'notAcceptable') return { encoding: 'json', pretty: true };
  if (n.encoding === 'yaml') return { encoding: 'yaml', pretty: false };
  return { encoding: 'json', pretty: Boolean(n.pretty) || wantsPretty(userAgent, prettyParam) };
}
