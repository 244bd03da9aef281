// The Table conversion against the real apiserver's captures (../shared/k8s-reference): the same
// objects, taken from the list/ and get/ captures, must give the table/ and watch/ captures back,
// as parsed JSON and byte for byte once serialized the way Go does.
//
// Clock: Age cells depend on when the server rendered them. Each table capture's `date:` header
// (1 s resolution) is used as `now`; every object's creationTimestamp is whole seconds too, so the
// ages come out exact. For the watch stream, each event was rendered right after the request that
// caused it, so the `date:` of that request's capture (watch/10..14) is the event's `now`.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, buildTableRow, type IncludeObject, type JsonObject, type TableApiVersion } from './table.js';

const REF = resolve(__dirname, '../../../../shared/k8s-reference');
const hasReference = existsSync(join(REF, 'INDEX.md'));

const read = (name: string) => readFileSync(join(REF, name), 'utf8');
const json = (name: string) => JSON.parse(read(name)) as JsonObject & { items: JsonObject[]; metadata: JsonObject };
function captureDate(name: string): Date {
  const line = read(`${name}.headers`).split(/\r?\n/).find((l) => /^date:/i.test(l));
  if (!line) throw new Error(`${name}.headers has no date header`);
  return new Date(line.slice('date:'.length).trim());
}

/** JSON as Go's encoding/json writes it: HTML-sensitive characters escaped. */
const goJson = (v: unknown) =>
  JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

interface Case {
  table: string;
  resource: string;
  source: string;
  includeObject?: IncludeObject;
  apiVersion?: TableApiVersion;
  filter?: (item: JsonObject) => boolean;
}

const labelApp = (item: JsonObject) => (item.metadata as { labels?: Record<string, string> }).labels?.app;

const LIST_CASES: Case[] = [
  { table: 'pods-ns-podnet-demo', resource: 'pods', source: 'list/pods-ns-podnet-demo' },
  { table: 'pods-ns-podnet-demo-includeObject-None', resource: 'pods', source: 'list/pods-ns-podnet-demo', includeObject: 'None' },
  { table: 'pods-ns-podnet-demo-includeObject-Object', resource: 'pods', source: 'list/pods-ns-podnet-demo', includeObject: 'Object' },
  { table: 'pods-v1beta1-only', resource: 'pods', source: 'list/pods-ns-podnet-demo', apiVersion: 'meta.k8s.io/v1beta1' },
  { table: 'pods-all-namespaces', resource: 'pods', source: 'list/pods-all-namespaces' },
  { table: 'pods-all-namespaces-limit500-kubectl', resource: 'pods', source: 'list/pods-all-namespaces' },
  {
    table: 'pods-table-only-no-fallback',
    resource: 'pods',
    source: 'list/pods-ns-podnet-demo',
    filter: (item) => labelApp(item) === 'debug',
  },
  { table: 'nodes', resource: 'nodes', source: 'list/nodes' },
  { table: 'nodes-includeObject-Object', resource: 'nodes', source: 'list/nodes', includeObject: 'Object' },
  { table: 'services-ns-podnet-demo', resource: 'services', source: 'list/services-ns-podnet-demo' },
  {
    table: 'services-all-namespaces-includeObject-Object',
    resource: 'services',
    source: 'list/services-all-namespaces',
    includeObject: 'Object',
  },
  { table: 'namespaces', resource: 'namespaces', source: 'list/namespaces' },
  { table: 'endpointslices-ns-podnet-demo', resource: 'endpointslices', source: 'list/endpointslices-ns-podnet-demo' },
  {
    table: 'endpointslices-ns-podnet-demo-includeObject-Object',
    resource: 'endpointslices',
    source: 'list/endpointslices-ns-podnet-demo',
    includeObject: 'Object',
  },
  { table: 'networkpolicies-ns-podnet-demo', resource: 'networkpolicies', source: 'list/networkpolicies-ns-podnet-demo' },
  {
    table: 'networkpolicies-ns-podnet-demo-includeObject-Object',
    resource: 'networkpolicies',
    source: 'list/networkpolicies-ns-podnet-demo',
    includeObject: 'Object',
  },
];

describe.skipIf(!hasReference)('buildTable reproduces the apiserver captures', () => {
  it.each(LIST_CASES)('table/$table', (c) => {
    const list = json(`${c.source}.json`);
    const items = c.filter ? list.items.filter(c.filter) : list.items;
    const table = buildTable(c.resource, items, {
      now: captureDate(`table/${c.table}`),
      includeObject: c.includeObject ?? 'Metadata',
      apiVersion: c.apiVersion ?? 'meta.k8s.io/v1',
      listMeta: list.metadata as { resourceVersion: string },
      columnDefinitions: true,
    });
    const want = read(`table/${c.table}.json`);
    expect(table).toEqual(JSON.parse(want));
    expect(`${goJson(table)}\n`).toBe(want);
  });

  it('table/pod-web-1-single: a GET as Table takes the object resourceVersion', () => {
    const { kind: _kind, apiVersion: _apiVersion, ...pod } = json('get/pod-web-1.json');
    const table = buildTable('pods', [pod], {
      now: captureDate('table/pod-web-1-single'),
      includeObject: 'Metadata',
      apiVersion: 'meta.k8s.io/v1',
      listMeta: undefined,
      columnDefinitions: true,
    });
    expect(`${goJson(table)}\n`).toBe(read('table/pod-web-1-single.json'));
  });

  it('watch/02: kubectl get -w, one one-row Table per event, headers only on the first', () => {
    // watch/01 is the same stream as plain JSON: the objects the Table events were made from.
    const events = read('watch/01-watch-pods-ns-from-list-rv-bookmarks.ndjson').trim().split('\n');
    const wantLines = read('watch/02-watch-pods-ns-table-kubectl-get-w.ndjson').trim().split('\n');
    const renderedAt: Record<string, string> = {
      '229': 'watch/10-create-pod-watch-me',
      '231': 'watch/11-patch-status-watch-me-running',
      '232': 'watch/12-patch-status-watch-me-notready',
      '233': 'watch/13-delete-pod-watch-me-graceful',
      '234': 'watch/14-delete-pod-watch-me-force-grace0',
      '235': 'watch/14-delete-pod-watch-me-force-grace0',
    };
    expect(events).toHaveLength(wantLines.length);
    const got = events.map((line, i) => {
      const event = JSON.parse(line) as { type: string; object: JsonObject };
      const rv = (event.object.metadata as { resourceVersion: string }).resourceVersion;
      const object = buildTable('pods', [event.object], {
        now: captureDate(renderedAt[rv]!),
        includeObject: 'Metadata',
        apiVersion: 'meta.k8s.io/v1',
        listMeta: undefined,
        columnDefinitions: i === 0,
      });
      return goJson({ type: event.type, object });
    });
    expect(got).toEqual(wantLines);
  });
});

describe('buildTable beyond the captures', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const opts = { now, includeObject: 'Metadata' as const, apiVersion: 'meta.k8s.io/v1' as const, columnDefinitions: false };

  it('writes paging metadata in ListMeta order and an empty list as rows: []', () => {
    const table = buildTable('endpoints', [], { ...opts, listMeta: { resourceVersion: '7', continue: 'tok', remainingItemCount: 0 } });
    expect(goJson(table)).toBe(
      '{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"7","continue":"tok","remainingItemCount":0},"columnDefinitions":null,"rows":[]}',
    );
  });

  it('gives PartialObjectMetadata Go field order, a null creationTimestamp, no empty fields', () => {
    const item = { metadata: { labels: {}, resourceVersion: '9', name: 'x', generation: 0, deletionGracePeriodSeconds: 0, bogus: 1 } };
    expect(goJson(buildTableRow('namespaces', item, opts).object)).toBe(
      '{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"x","resourceVersion":"9","creationTimestamp":null,"deletionGracePeriodSeconds":0}}',
    );
  });

  it('marks finished pods with the Completed row condition', () => {
    const row = buildTableRow('pods', { metadata: { name: 'job' }, spec: { containers: [{}] }, status: { phase: 'Succeeded' } }, opts);
    expect(Object.keys(row)).toEqual(['cells', 'conditions', 'object']);
    expect(row.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
  });

  it('prints Endpoints as host:port, capped at three', () => {
    const subsets = [
      { addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::2' }], ports: [{ port: 80 }, { port: 443 }] },
      { addresses: [{ ip: '10.0.0.3' }] },
    ];
    const row = buildTableRow('endpoints', { metadata: { name: 'web', creationTimestamp: '2026-11-24T11:00:00Z' }, subsets }, opts);
    expect(row.cells).toEqual(['web', '10.0.0.1:80,[fd00::2]:80,10.0.0.1:443 + 2 more...', '60m']);
    expect(buildTableRow('endpoints', { metadata: { name: 'none' } }, opts).cells[1]).toBe('<none>');
  });

  it('prints an Event with its Count as a number', () => {
    const event = {
      metadata: { name: 'web-1.17f', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{nginx}' },
      reason: 'Pulled',
      message: ' Container image "nginx" already present \n',
      source: { component: 'kubelet', host: 'node-a' },
      firstTimestamp: '2026-11-24T11:55:00Z',
      lastTimestamp: '2026-11-24T11:59:00Z',
      count: 3,
      type: 'Normal',
    };
    expect(buildTableRow('events', event, opts).cells).toEqual([
      '60s',
      'Normal',
      'Pulled',
      'pod/web-1',
      'spec.containers{nginx}',
      'kubelet, node-a',
      'Container image "nginx" already present',
      '5m',
      3,
      'web-1.17f',
    ]);
    // An events.k8s.io-style event: eventTime and series instead of the old timestamps and count.
    const newStyle = {
      ...event,
      firstTimestamp: null,
      lastTimestamp: null,
      count: 0,
      source: {},
      reportingComponent: 'kubelet',
      eventTime: '2026-11-24T11:49:59.500000Z',
      series: { count: 7, lastObservedTime: '2026-11-24T11:58:00.000001Z' },
    };
    const cells = buildTableRow('events', newStyle, opts).cells;
    expect([cells[0], cells[5], cells[7], cells[8]]).toEqual(['2m', 'kubelet', '10m', 7]);
  });

  it('refuses a resource it has no printer for', () => {
    expect(() => buildTable('configmaps', [], { ...opts, listMeta: undefined })).toThrow(/no Table printer/);
  });
});
