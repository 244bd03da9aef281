// Selectors against the real apiserver's captures (../shared/k8s-reference): the filtered lists
// must come out of the unfiltered ones byte for byte, and bad selectors must earn the same 400.
// The grammar cases follow apimachinery's labels/selector_test.go; the error texts are the
// server's (some seen verbatim in the wild, as noted).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from './negotiate.js';
import { parseFieldSelector } from './fieldSelectors.js';
import { parseLabelSelector, SelectorError } from './selectors.js';

const REPO_ROOT = resolve(__dirname, '../../..');
const REF = resolve(REPO_ROOT, '../shared/k8s-reference');
const read = (name: string) => readFileSync(join(REF, name), 'utf8');
type Item = { metadata: { name: string; namespace?: string; labels?: Record<string, string> } };
type List = { kind: string; apiVersion: string; metadata: object; items: Item[] };
const list = (name: string) => JSON.parse(read(`${name}.json`)) as List;
/** The query of a capture's request, from its curl command line. */
function queryOf(name: string): URLSearchParams {
  const url = read(`${name}.curl.txt`).trim().split(' ').pop() ?? '';
  return new URL(url.replace(/\\(.)/g, '$1')).searchParams;
}
function errorOf(run: () => unknown): SelectorError {
  try { run(); } catch (e) { if (e instanceof SelectorError) return e; throw e; }
  throw new Error('no error thrown');
}

describe('selectors reproduce the filtered list captures', () => {
  const cases: Array<[capture: string, source: string, resource: string]> = [
    ['list/pods-labelSelector-app-web', 'list/pods-ns-podnet-demo', 'pods'],
    ['list/pods-labelSelector-app-in-web-debug', 'list/pods-all-namespaces', 'pods'],
    ['list/nodes-labelSelector-zone', 'list/nodes', 'nodes'],
    ['list/endpointslices-label-service-name-web', 'list/endpointslices-ns-podnet-demo', 'endpointslices'],
    ['list/pods-fieldSelector-nodeName-empty-unscheduled', 'list/pods-all-namespaces', 'pods'],
    ['list/pods-fieldSelector-nodeName-node-a', 'list/pods-all-namespaces', 'pods'],
    ['list/pods-fieldSelector-phase-Running', 'list/pods-all-namespaces', 'pods'],
    ['list/pods-fieldSelector-phase-notRunning', 'list/pods-all-namespaces', 'pods'],
    ['list/pods-fieldSelector-podIP', 'list/pods-all-namespaces', 'pods'],
    ['list/pods-label-and-field-combined', 'list/pods-all-namespaces', 'pods'],
    ['list/services-fieldSelector-metadata.name', 'list/services-all-namespaces', 'services'],
  ];
  it.each(cases)('%s', (capture, source, resource) => {
    const q = queryOf(capture);
    const labels = parseLabelSelector(q.get('labelSelector') ?? '');
    const fields = parseFieldSelector(q.get('fieldSelector') ?? '', resource);
    const from = list(source);
    const filtered = { ...from, items: from.items.filter((o) => labels(o.metadata.labels) && fields(o)) };
    expect(toJson(filtered, false)).toBe(read(`${capture}.json`));
  });
});

describe('bad selectors earn the captured 400', () => {
  it.each([
    ['errors/400-bad-labelSelector', 'pods'],
    ['errors/400-unsupported-fieldSelector', 'pods'],
    ['errors/400-unsupported-fieldSelector-services', 'services'],
  ])('%s', (capture, resource) => {
    const q = queryOf(capture);
    const err = errorOf(() => {
      parseLabelSelector(q.get('labelSelector') ?? '');
      parseFieldSelector(q.get('fieldSelector') ?? '', resource);
    });
    expect(err.result.code).toBe(400);
    expect(toJson(err.result.body, false)).toBe(read(`${capture}.json`));
  });
});

describe('label selector grammar', () => {
  const matchCases: Array<[selector: string, labels: Record<string, string> | undefined, match: boolean]> = [
    ['', { x: 'y' }, true],
    ['', undefined, true],
    ['x=y', { x: 'y' }, true],
    ['x==y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true], // keywords are plain words in key and value position
    ['in in (in)', { in: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=z', undefined, false],
    ['x=y', { x: 'z' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x!=y', {}, true], // absent keys satisfy != and notin
    ['x notin (a,b)', {}, true],
    ['x notin (a,b)', { x: 'b' }, false],
    ['x in (a,b)', { x: 'b' }, true],
    ['x in (a,b)', {}, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x>1', { x: 'abc' }, false],
    ['x<1', { x: '2' }, false],
    ['x=', { x: '' }, true],
    ['x= ', { x: '' }, true],
    ['x=,z= ', { x: '', z: '' }, true],
    ['x in ()', { x: '' }, true],
    ['x in (a,)', { x: '' }, true],
    ['x in (,a)', { x: '' }, true],
    ['  x  in  ( a , b )  ,  y  ', { x: 'b', y: '' }, true],
    ['x\tin\n(a)', { x: 'a' }, true],
    ['a.b/c-d_e=f.g', { 'a.b/c-d_e': 'f.g' }, true],
    ['x=y \u0000, a NUL where a token starts ends the input', { x: 'y' }, true],
  ];
  it.each(matchCases)('%j on %j -> %s', (selector, labels, match) => {
    expect(parseLabelSelector(selector)(labels)).toBe(match);
  });

  const nameRule = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  const valueRule = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  const ops = 'in, notin, =, ==, !=, gt, lt';
  const errorCases: Array<[selector: string, message: string]> = [
    ['app===web!', "unable to parse requirement: found '=', expected: identifier"], // the capture
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${valueRule}`],
    ['x=y\u0000z', "found 'z', expected: ',' or 'end of string'"], // inside a word a NUL only separates
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
    // seen verbatim from real servers (kubectl output and projects' tests)
    ['app: nginx', `unable to parse requirement: <nil>: Invalid value: "app:": ${nameRule}`],
    ['app:monolith', `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${nameRule}`],
    ['*bar', `unable to parse requirement: <nil>: Invalid value: "*bar": ${nameRule}`],
    ['environment>qa', "unable to parse requirement: values[0]: Invalid value: \"qa\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ['app=demo-{nginx}', `unable to parse requirement: values[0][app]: Invalid value: "demo-{nginx}": ${valueRule}`],
    ['component not in (kube-apiserver)', `unable to parse requirement: found 'not', expected: ${ops}`],
    ['a/b/c ?=? def', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    // derived from selector.go
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (,,)', "unable to parse requirement: found ')', expected: ',', or identifier"],
    ['x y', `unable to parse requirement: found 'y', expected: ${ops}`],
    ['x,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['=x', "found '=', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x!', `unable to parse requirement: found '!', expected: ${ops}`],
    ['/x', 'unable to parse requirement: <nil>: Invalid value: "/x": prefix part must be non-empty'],
    ['Ex.com/x', "unable to parse requirement: <nil>: Invalid value: \"Ex.com/x\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
    ['a/', `unable to parse requirement: <nil>: Invalid value: "a/": name part must be non-empty; ${nameRule}`],
    ['k' + 'a'.repeat(63), `unable to parse requirement: <nil>: Invalid value: "k${'a'.repeat(63)}": name part must be no more than 63 characters`],
    ['x=é', `unable to parse requirement: values[0][x]: Invalid value: "é": ${valueRule}`],
    ['x=a\u0001', `unable to parse requirement: values[0][x]: Invalid value: "a\\x01": ${valueRule}`],
    ['x=' + 'v'.repeat(64), `unable to parse requirement: values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['x in (b!,a!)', `unable to parse requirement: found '!', expected: ',' or ')'`],
    ['x in (b-,a-)', `unable to parse requirement: [values[0][x]: Invalid value: "a-": ${valueRule}, values[1][x]: Invalid value: "b-": ${valueRule}]`],
    ['x>-', `unable to parse requirement: [values[0]: Invalid value: "-": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "-": ${valueRule}]`],
  ];
  it.each(errorCases)('%j is rejected', (selector, message) => {
    const err = errorOf(() => parseLabelSelector(selector));
    expect(err.message).toBe(message);
    expect(err.result.body).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
  });
});
