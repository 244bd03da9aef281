// Field selectors as kube-apiserver 1.24 parses them (apimachinery fields/selector.go and each
// kind's field-label conversion). Errors carry the server's 400 text.
import { goQuote } from './status.js';
import { SelectorError } from './selectors.js';

export type FieldMatcher = (obj: object) => boolean;

type Fields = (obj: Obj) => Record<string, string>;
// Stored objects are plain JSON of any kind; every read below is guarded with ?. and str().
type Obj = Record<string, any>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

// Field labels each kind accepts in 1.24 (pkg/apis/core/v1/conversion.go); kinds without a
// conversion func take only metadata.name and metadata.namespace, with a different message.
const CONVERTIBLE: Record<string, string[]> = {
  pods: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName',
    'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  nodes: ['metadata.name', 'spec.unschedulable'],
  namespaces: ['status.phase', 'metadata.name'],
  events: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
    'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason',
    'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name'],
  secrets: ['type', 'metadata.namespace', 'metadata.name'],
  replicationcontrollers: ['metadata.name', 'metadata.namespace', 'status.replicas'],
};
// The values the registries' selectable field sets hold, read from the v1 JSON. A label the
// conversion accepts but the set lacks (pods' status.podIPs) reads as "", as in Go's fields.Set.
const SELECTABLE: Record<string, Fields> = {
  pods: (o) => ({
    'spec.nodeName': str(o.spec?.nodeName), 'spec.restartPolicy': str(o.spec?.restartPolicy),
    'spec.schedulerName': str(o.spec?.schedulerName),
    'spec.serviceAccountName': str(o.spec?.serviceAccountName) || str(o.spec?.serviceAccount),
    'status.phase': str(o.status?.phase), 'status.podIP': str(o.status?.podIP) || str(o.status?.podIPs?.[0]?.ip),
    'status.nominatedNodeName': str(o.status?.nominatedNodeName),
  }),
  nodes: (o) => ({ 'spec.unschedulable': String(o.spec?.unschedulable === true) }),
  namespaces: (o) => ({ 'status.phase': str(o.status?.phase) }),
  events: (o) => ({
    ...Object.fromEntries(['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']
      .map((f) => [`involvedObject.${f}`, str(o.involvedObject?.[f])])),
    reason: str(o.reason), reportingComponent: str(o.reportingComponent),
    source: str(o.source?.component) || str(o.reportingComponent), type: str(o.type),
  }),
  secrets: (o) => ({ type: str(o.type) }),
  replicationcontrollers: (o) => ({ 'status.replicas': String(o.status?.replicas ?? 0) }),
};

function convertFieldLabel(resource: string, label: string): string {
  const allowed = CONVERTIBLE[resource];
  if (!allowed) {
    if (label === 'metadata.name' || label === 'metadata.namespace') return label;
    throw new SelectorError(`${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
  }
  if (resource === 'pods' && label === 'spec.host') return 'spec.nodeName'; // old v1 clients
  if (!allowed.includes(label)) throw new SelectorError(`field label not supported: ${label}`);
  return label;
}

// fields.UnescapeValue: \\ \, \= are the only escapes; bare , and = are errors (the rune printed as a number).
function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '', slash = false;
  for (const c of s) {
    if (slash) {
      if (!'\\,='.includes(c)) throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c; slash = false;
    } else if (c === '\\') slash = true;
    else if (c === ',' || c === '=') throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (slash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.ParseSelector plus the resource's field-label conversion. resource is the plural name. Throws SelectorError (400). */
export function parseFieldSelector(text: string, resource: string): FieldMatcher {
  const parts: string[] = [];
  let start = 0, slash = false;
  [...text].forEach((c, i, all) => { // splitTerms: a backslash protects the next character
    if (slash) slash = false;
    else if (c === '\\') slash = true;
    else if (c === ',') { parts.push(all.slice(start, i).join('')); start = i + 1; }
    if (i === all.length - 1) parts.push(all.slice(start).join(''));
  });
  // Go sorts the raw terms first, so the first error reported is the alphabetically first term's.
  parts.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const terms: Array<{ field: string; value: string; equal: boolean }> = [];
  for (const part of parts.filter((p) => p !== '')) {
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(part);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    terms.push({ field: m[1] ?? '', value: unescapeValue(m[3] ?? ''), equal: m[2] !== '!=' });
  }
  for (const t of terms) t.field = convertFieldLabel(resource, t.field);
  const specific = SELECTABLE[resource];
  return (obj) => {
    const o = obj as Obj;
    const fields: Record<string, string> = {
      'metadata.name': str(o.metadata?.name), 'metadata.namespace': str(o.metadata?.namespace), ...specific?.(o),
    };
    return terms.every((t) => ((fields[t.field] ?? '') === t.value) === t.equal);
  };
}
