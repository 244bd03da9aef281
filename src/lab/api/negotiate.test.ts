// Negotiation against every GET the reference server answered (../shared/k8s-reference): the
// form it chose is read off each captured body. Then the goautoneg / go-restful corners, and the
// exact bytes of compact and pretty JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { negotiate, negotiateError, parseAccept, toJson, wantsPretty, type Negotiated } from './negotiate.js';

const REPO_ROOT = resolve(__dirname, '../../..');
const REF = resolve(REPO_ROOT, '../shared/k8s-reference');
const read = (name: string) => readFileSync(join(REF, name), 'utf8');

interface Capture { name: string; accept: string | undefined; path: string; watch: boolean; code: number; contentType: string; body: string }
function getCaptures(): Capture[] {
  const out: Capture[] = [];
  for (const dir of ['discovery', 'errors', 'get', 'list', 'table', 'watch']) {
    for (const file of readdirSync(join(REF, dir)).filter((f) => f.endsWith('.curl.txt'))) {
      const curl = read(`${dir}/${file}`).trim();
      if (/ -X |--data/.test(curl)) continue; // GETs only
      const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
      const url = new URL(unescape(curl.split(' ').pop() ?? ''));
      const headers = read(`${dir}/${file.replace('.curl.txt', '.headers')}`).split(/\r?\n/);
      out.push({
        name: `${dir}/${file.replace('.curl.txt', '')}`,
        accept: /-H Accept:\\ (\S+)/.exec(curl)?.[1] !== undefined ? unescape(/-H Accept:\\ (\S+)/.exec(curl)![1]!) : undefined,
        path: url.pathname, watch: ['1', 'true'].includes(url.searchParams.get('watch') ?? ''),
        code: Number(headers[0]?.split(' ')[1]),
        contentType: headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, '') ?? '',
        body: read(/ -o (\S+)/.exec(curl)![1]!),
      });
    }
  }
  return out;
}
const isDiscovery = (path: string) => {
  const seg = path.split('/').filter(Boolean);
  return seg[0] === 'api' ? seg.length <= 2 : seg[0] === 'apis' ? seg.length <= 3 : true;
};
/** The form the real server chose, read off its answer. */
function formOf(c: Capture): Partial<Negotiated> {
  if (c.code === 406) return { form: 'notAcceptable' };
  if (c.contentType === 'application/yaml') return { form: 'yaml', encoding: 'yaml' };
  if (c.contentType === 'application/vnd.kubernetes.protobuf') return { form: 'notAcceptable' }; // the lab declines protobuf-only clients
  type Kinded = { kind?: string; apiVersion?: string };
  const obj = c.watch ? (JSON.parse(c.body.split('\n')[0] ?? '') as { object: Kinded }).object : JSON.parse(c.body) as Kinded;
  const version = obj.apiVersion?.split('/')[1] as 'v1' | 'v1beta1';
  if (obj.kind === 'Table') return { form: 'table', tableVersion: version, encoding: 'json' };
  if (obj.kind === 'PartialObjectMetadata') return { form: 'partialMetadata', metaVersion: version, encoding: 'json' };
  if (obj.kind === 'PartialObjectMetadataList') return { form: 'partialMetadataList', metaVersion: version, encoding: 'json' };
  return { form: 'json', encoding: 'json' };
}

describe('every captured GET negotiates as the real server did', () => {
  // A watch that starts with an ERROR event shows a Status whatever form was asked for: skipped.
  const captures = getCaptures().filter((c) =>
    (c.code === 200 || c.code === 406) && /^application\/(json|yaml|vnd\.kubernetes\.protobuf)$/.test(c.contentType)
    && !(c.watch && c.body.startsWith('{"type":"ERROR"')));
  it('covers the interesting captures', () => {
    const names = captures.map((c) => c.name);
    expect(names.length).toBeGreaterThan(60);
    for (const n of ['errors/406-accept-xml', 'discovery/aggregated-v2-only-api', 'discovery/aggregated-kubectl132-accept-apis',
      'table/pods-v1beta1-only', 'list/pods-as-PartialObjectMetadataList', 'get/pod-web-1-as-PartialObjectMetadata',
      'get/pod-web-1-yaml', 'get/pod-web-1-protobuf', 'watch/02-watch-pods-ns-table-kubectl-get-w', 'discovery/api-v1-pretty-curl-ua']) {
      expect(names).toContain(n);
    }
  });
  it.each(captures.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = negotiate(c.accept, { endpoint: isDiscovery(c.path) ? 'discovery' : 'resource', watch: c.watch });
    expect(got).toMatchObject(formOf(c));
    if (c.code === 406) {
      expect(got.error?.alwaysPretty).toBe(true);
      expect(toJson(got.error?.body, true)).toBe(c.body);
    }
  });
});

describe('Accept corners', () => {
  const table = 'application/json;as=Table;v=v1;g=meta.k8s.io';
  const cases: Array<[accept: string | undefined, endpoint: 'resource' | 'discovery', want: Partial<Negotiated>]> = [
    [undefined, 'resource', { form: 'json', encoding: 'json' }],
    ['', 'resource', { form: 'json' }],
    ['*/*', 'resource', { form: 'json' }],
    ['*', 'discovery', { form: 'json' }],
    ['*', 'resource', { form: 'notAcceptable' }], // go-restful wants the literal */*
    ['application/*', 'discovery', { form: 'json' }],
    ['application/*', 'resource', { form: 'notAcceptable' }],
    ['application/vnd.kubernetes.protobuf, */*', 'resource', { form: 'json' }], // kubectl describe's order
    [`application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,${table}`, 'resource', { form: 'table', tableVersion: 'v1' }],
    ['application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1beta1', 'resource', { form: 'partialMetadata', metaVersion: 'v1beta1' }],
    ['application/yaml;as=Table;v=v1;g=meta.k8s.io', 'resource', { form: 'table', encoding: 'yaml' }],
    [table, 'discovery', { form: 'notAcceptable' }],
    [`${table},application/json`, 'discovery', { form: 'json' }],
    ['application/json;as=Table;v=v2;g=meta.k8s.io,application/yaml', 'resource', { form: 'yaml' }],
    ['application/json;as=Table;v=v1', 'resource', { form: 'notAcceptable' }], // no g: not a meta.k8s.io kind
    ['application/json;as=Foo;g=meta.k8s.io;v=v1', 'resource', { form: 'notAcceptable' }],
    ['application/json;sv=v1', 'resource', { form: 'json' }],
    ['application/json;sv=v1', 'discovery', { form: 'notAcceptable' }],
    ['application/json;pretty=1', 'resource', { form: 'json', pretty: true }],
    ['application/json;charset=utf-8', 'resource', { form: 'json', pretty: false }],
    ['application/json;stream=watch', 'resource', { form: 'json', stream: 'watch' }],
    ['application/yaml;stream=watch,application/json', 'resource', { form: 'json' }],
    ['application/json;stream=other', 'resource', { form: 'notAcceptable' }],
    // goautoneg ranks a specific subtype above a wildcard whatever the q values
    ['application/*;q=0.9, application/yaml;q=0.1', 'resource', { form: 'yaml' }],
    ['application/json;q=0.5, application/yaml', 'resource', { form: 'yaml' }],
    ['application/yaml;q= 0.9, application/json;q=0.5', 'resource', { form: 'json' }], // " 0.9" does not parse: q=0
    ['application/yaml;q=0, text/html', 'resource', { form: 'yaml' }], // q=0 still counts
    ['text/html, application/xhtml+xml', 'resource', { form: 'notAcceptable' }],
    ['application/json/x, application/yaml', 'resource', { form: 'yaml' }],
  ];
  it.each(cases)('%j on a %s endpoint', (accept, endpoint, want) => {
    expect(negotiate(accept, { endpoint })).toMatchObject(want);
  });

  it('tells which 406 body goes with which failure', () => {
    expect(negotiate('application/xml').error?.body.message).toBe('406: Not Acceptable');
    expect(negotiate('application/json;as=Foo;g=meta.k8s.io;v=v1').error?.body.message)
      .toBe('only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
    const watchYaml = negotiate('application/yaml', { watch: true });
    expect(watchYaml.form).toBe('notAcceptable');
    expect(watchYaml.error?.alwaysPretty).toBeUndefined(); // this one is itself written as YAML
    expect(watchYaml.error?.body.message)
      .toBe('only the following media types are accepted: application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch');
    expect(negotiate(table, { watch: true })).toMatchObject({ form: 'table' });
  });

  // Expected orders worked by hand through Go 1.19's insertion sort.
  it('orders clauses like Go 1.19 sort.Sort over goautoneg.Less', () => {
    const order = (h: string) => parseAccept(h).map((c) => `${c.type}/${c.subType};q=${c.q}`);
    expect(order('text/*;q=0.3, text/html;q=0.7, */*;q=0.5, text/html;level=1'))
      .toEqual(['text/html;q=1', 'text/html;q=0.699999988079071', '*/*;q=0.5', 'text/*;q=0.30000001192092896']);
    expect(order('a/b;q=0.1,c/*;q=0.2,*/*;q=0.3,d/e,f/g;q=0.9,h/*,i/j;q=0.4'))
      .toEqual(['d/e;q=1', 'h/*;q=1', 'f/g;q=0.8999999761581421', 'i/j;q=0.4000000059604645', '*/*;q=0.30000001192092896', 'c/*;q=0.20000000298023224', 'a/b;q=0.10000000149011612']);
    expect(parseAccept('application/json; as=Table ;v=v1;;x;y=a=b').map((c) => [...c.params])).toEqual([[['as', 'Table'], ['v', 'v1'], ['y', 'a=b']]]);
  });
});

describe('pretty printing and bytes', () => {
  it.each([
    ['curl/8.5.0', undefined, true], ['Wget/1.21.4', undefined, true], ['Mozilla/5.0 (X11; Linux x86_64)', undefined, true],
    ['kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0', undefined, false], ['podnet-corpus/1.0', undefined, false],
    ['curly', undefined, true], ['Mozilla/4.0', undefined, false], [undefined, undefined, false],
    ['kubectl/v1.33.1', 'true', true], ['kubectl/v1.33.1', '1', true], ['curl/8.5.0', '0', false],
    ['curl/8.5.0', 'yes', false], ['curl/8.5.0', '', true], ['podnet', 'T', true],
  ])('wantsPretty(%j, pretty=%j) = %s', (ua, param, want) => expect(wantsPretty(ua, param)).toBe(want));

  it.each([
    ['discovery/api-v1', 'discovery/api-v1-pretty-curl-ua'],
    ['list/pods-ns-podnet-demo', 'list/pods-ns-podnet-demo-pretty-curl-ua'],
  ])('%s: compact ends in a newline, pretty (%s) does not', (compact, pretty) => {
    const bytes = read(`${compact}.json`);
    const obj = JSON.parse(bytes) as unknown;
    expect(toJson(obj, false)).toBe(bytes);
    expect(toJson(obj, true)).toBe(read(`${pretty}.json`));
    expect(read(`${pretty}.curl.txt`)).not.toContain(' -A '); // so curl's own User-Agent was sent
  });

  it.each(['table/pods-all-namespaces', 'table/nodes', 'get/pod-web-1', 'list/namespaces'])('%s re-encodes byte for byte', (name) => {
    const bytes = read(`${name}.json`);
    expect(toJson(JSON.parse(bytes), false)).toBe(bytes);
  });

  it.each([
    ['application/json;as=Table;v=v1;g=meta.k8s.io', 'kubectl/v1.33', { encoding: 'json', pretty: true }], // raw JSON
    ['application/xml', undefined, { encoding: 'json', pretty: true }],
    ['application/yaml', 'curl/8', { encoding: 'yaml', pretty: false }],
    ['application/json', 'curl/8', { encoding: 'json', pretty: true }],
    ['application/json;pretty=1', 'kubectl', { encoding: 'json', pretty: true }],
    [undefined, 'podnet-corpus/1.0', { encoding: 'json', pretty: false }],
  ])('an error for Accept %j, user agent %j, is written %j', (accept, ua, want) => {
    expect(negotiateError(accept, ua)).toEqual(want);
  });
});
