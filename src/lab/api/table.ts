// Server-side Table conversion ("Accept: application/json;as=Table;v=v1;g=meta.k8s.io"), as
// kube-apiserver builds it: printers.go's row cells (tableCells.ts), its column definitions
// (tableColumns.ts), and handlers/response.go's asTable() choosing what each row's `object` is.
// Pure: no I/O, no clock (the caller passes `now`).
//
// Key order of every object built here is the order Go's encoder emits, so that serializing the
// result with JSON.stringify (plus Go's escaping of <, >, &) reproduces the captures byte for byte.

import { tableRowCells, type JsonObject, type TableCell, type TableRowCondition } from './tableCells.js';
import { TABLE_COLUMNS, type TableColumnDefinition, type TableResource } from './tableColumns.js';

export type { JsonObject, TableCell, TableColumnDefinition, TableResource, TableRowCondition };
export { TABLE_COLUMNS };

export type IncludeObject = 'None' | 'Metadata' | 'Object';
export type TableApiVersion = 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1';

export interface TableListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface TableOptions {
  /** The server's clock, for Age and "(5m ago)" cells. */
  now: Date;
  /** The request's includeObject parameter; Metadata is the default when it is absent. */
  includeObject: IncludeObject;
  /** Which Table version was negotiated; rows' PartialObjectMetadata carries the same version. */
  apiVersion: TableApiVersion;
  /** A list's metadata. Undefined for a single GET or one watch event: the Table then takes the
   * object's resourceVersion (GenerateTable's CommonAccessor fallback). */
  listMeta: TableListMeta | undefined;
  /** False for every watch event after the first, which carry `columnDefinitions: null`. */
  columnDefinitions: boolean;
}

export type TableRowOptions = Pick<TableOptions, 'now' | 'includeObject' | 'apiVersion'>;

export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** PartialObjectMetadata, the full object (with kind/apiVersion), or null for includeObject=None. */
  object: JsonObject | null;
}

export interface Table {
  kind: 'Table';
  apiVersion: TableApiVersion;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
}

/** The kind and version each resource's objects are converted to for includeObject=Object. */
export const TABLE_RESOURCE_KINDS: Readonly<Record<TableResource, { kind: string; apiVersion: string }>> = {
  pods: { kind: 'Pod', apiVersion: 'v1' },
  nodes: { kind: 'Node', apiVersion: 'v1' },
  services: { kind: 'Service', apiVersion: 'v1' },
  namespaces: { kind: 'Namespace', apiVersion: 'v1' },
  endpoints: { kind: 'Endpoints', apiVersion: 'v1' },
  events: { kind: 'Event', apiVersion: 'v1' },
  endpointslices: { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1' },
  networkpolicies: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' },
};

export function isTableResource(resource: string): resource is TableResource {
  return Object.hasOwn(TABLE_COLUMNS, resource);
}

// ObjectMeta's fields in Go struct order, with how `omitempty` treats each. creationTimestamp is a
// struct (metav1.Time), which omitempty never drops, so it is always present, null when unset;
// the two pointer fields keep a 0 (a deletionGracePeriodSeconds of 0 is meaningful).
type Omit = 'empty' | 'nil' | 'never';
const OBJECT_META_FIELDS: readonly (readonly [string, Omit])[] = [
  ['name', 'empty'],
  ['generateName', 'empty'],
  ['namespace', 'empty'],
  ['selfLink', 'empty'],
  ['uid', 'empty'],
  ['resourceVersion', 'empty'],
  ['generation', 'empty'],
  ['creationTimestamp', 'never'],
  ['deletionTimestamp', 'nil'],
  ['deletionGracePeriodSeconds', 'nil'],
  ['labels', 'empty'],
  ['annotations', 'empty'],
  ['ownerReferences', 'empty'],
  ['finalizers', 'empty'],
  ['clusterName', 'empty'], // still in v1.24's ObjectMeta (deprecated); dropped upstream in 1.25
  ['managedFields', 'empty'],
];

const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === '' ||
  v === 0 ||
  v === false ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** ObjectMeta as Go re-encodes it: field order fixed, empty fields dropped, unknown fields gone. */
export function normalizeObjectMeta(metadata: unknown): JsonObject {
  const source = (metadata ?? {}) as JsonObject;
  const out: JsonObject = {};
  for (const [field, omit] of OBJECT_META_FIELDS) {
    const value = source[field];
    if (omit === 'never') out[field] = value === undefined || value === '' ? null : value;
    else if (omit === 'nil' ? value !== null && value !== undefined : !isEmpty(value)) out[field] = value;
  }
  return out;
}

/** meta.AsPartialObjectMetadata, stamped with the Table's own group version as asTable() does. */
export function toPartialObjectMetadata(item: JsonObject, apiVersion: TableApiVersion): JsonObject {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: normalizeObjectMeta(item.metadata) };
}

/** The full object as the server re-encodes it: kind and apiVersion first, then metadata. Nested
 * values are shared with `item`, not copied. */
export function toFullObject(resource: TableResource, item: JsonObject): JsonObject {
  const out: JsonObject = { ...TABLE_RESOURCE_KINDS[resource], metadata: normalizeObjectMeta(item.metadata) };
  for (const [key, value] of Object.entries(item)) {
    if (key !== 'kind' && key !== 'apiVersion' && key !== 'metadata') out[key] = value;
  }
  return out;
}

function checkResource(resource: string): TableResource {
  // Every resource the lab serves has a printer; reaching this means a new resource was added
  // without one, which would otherwise answer with a made-up table.
  if (!isTableResource(resource)) throw new Error(`no Table printer for resource "${resource}"`);
  return resource;
}

/** One row: the cells printers.go computes, plus the object asTable() attaches.
 * Throws for a resource without a printer (see isTableResource). */
export function buildTableRow(resourceName: string, item: JsonObject, opts: TableRowOptions): TableRow {
  const resource = checkResource(resourceName);
  const { cells, conditions } = tableRowCells(resource, item, opts.now);
  const object =
    opts.includeObject === 'None'
      ? null
      : opts.includeObject === 'Object'
        ? toFullObject(resource, item)
        : toPartialObjectMetadata(item, opts.apiVersion);
  return conditions ? { cells, conditions, object } : { cells, object };
}

/** A whole Table for a list, a single GET (one item, no listMeta) or one watch event.
 * Throws for a resource without a printer (see isTableResource). */
export function buildTable(resourceName: string, items: readonly JsonObject[], opts: TableOptions): Table {
  const resource = checkResource(resourceName);
  const metadata: Table['metadata'] = {};
  if (opts.listMeta) {
    if (opts.listMeta.resourceVersion) metadata.resourceVersion = opts.listMeta.resourceVersion;
    if (opts.listMeta.continue) metadata.continue = opts.listMeta.continue;
    if (opts.listMeta.remainingItemCount !== undefined) metadata.remainingItemCount = opts.listMeta.remainingItemCount;
  } else if (items.length === 1) {
    const rv = (items[0]!.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
    if (typeof rv === 'string' && rv !== '') metadata.resourceVersion = rv;
  }
  return {
    kind: 'Table',
    apiVersion: opts.apiVersion,
    metadata,
    columnDefinitions: opts.columnDefinitions ? TABLE_COLUMNS[resource].map((c) => ({ ...c })) : null,
    rows: items.map((item) => buildTableRow(resource, item, opts)),
  };
}
