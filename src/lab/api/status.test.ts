// Status bodies against the real apiserver's captures (../shared/k8s-reference): each builder
// must give the captured bytes back once serialized.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJson } from './negotiate.js';
import { encodeContinue } from './continueToken.js';
import {
  alreadyExists, badRequest, conflict, expiredContinue, expiredResourceVersion,
  forbidden, goJson, goQuote, internalError, invalid, invalidListOptions, listOptionsError, methodNotAllowed, notAcceptable,
  notAcceptableMediaTypes, notFound, pageNotFound, resourceVersionTooLarge, tooOldResourceVersion, unauthorized,
  unknownResource, unsupportedMediaType, type StatusResult,
} from './status.js';

const REPO_ROOT = resolve(__dirname, '../../..');
const REF = resolve(REPO_ROOT, '../shared/k8s-reference');
const read = (name: string) => readFileSync(join(REF, name), 'utf8');
/** Response headers of a capture, lower-cased names. */
function headersOf(name: string): Record<string, string> {
  return Object.fromEntries(read(`${name}.headers`).split(/\r?\n/).slice(1).filter((l) => l.includes(':'))
    .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
}
const statusLine = (name: string) => Number(read(`${name}.headers`).split(' ')[1]);

describe('builders give the captured Status bytes', () => {
  const pending = 'podnet-demo/pending-1\u0000';
  const cases: Array<[capture: string, built: StatusResult]> = [
    ['errors/404-get-missing-pod.json', notFound('pods', 'does-not-exist')],
    ['errors/404-get-pod-in-missing-namespace.json', notFound('pods', 'web-1')],
    ['errors/404-missing-networkpolicy.json', notFound('networkpolicies', 'nope', 'networking.k8s.io')],
    ['errors/404-missing-node.json', notFound('nodes', 'node-z')],
    ['errors/404-unknown-resource-type.json', unknownResource()],
    ['errors/405-method-not-allowed-put-collection.json', methodNotAllowed()],
    ['errors/409-create-pod-already-exists.json', alreadyExists('pods', 'web-1')],
    ['errors/409-update-conflict-stale-resourceVersion.json', conflict('services', 'web')],
    ['errors/410-list-pods-expired-continue-token.json', expiredContinue(encodeContinue({ rv: -1, start: pending }))],
    ['errors/410-list-pods-rv-exact-compacted.json', expiredResourceVersion()],
    ['errors/415-content-type-text.json', unsupportedMediaType()],
    ['errors/401-wrong-token.json', unauthorized()],
    ['errors/400-create-pod-namespace-mismatch.json', badRequest('the namespace of the provided object does not match the namespace sent on the request')],
    ['errors/504-list-pods-rv-future-too-large-notolderthan.json', resourceVersionTooLarge(999999, 235)],
    ['errors/403-anonymous-no-token.json', forbidden('system:anonymous', 'list', 'pods', '', 'podnet-demo')],
    ['errors/403-viewer-create-service.json', forbidden('viewer', 'create', 'services', '', 'podnet-demo')],
    ['errors/403-viewer-delete-pod.json', forbidden('viewer', 'delete', 'pods', '', 'podnet-demo', 'web-1')],
    ['errors/403-viewer-exec-get.json', forbidden('viewer', 'get', 'pods', '', 'podnet-demo', 'web-1', 'exec')],
    ['errors/403-viewer-exec-post.json', forbidden({ user: 'viewer', verb: 'create', resource: 'pods', subresource: 'exec', group: '', namespace: 'podnet-demo', name: 'web-1' })],
    ['errors/403-viewer-get-pod-log.json', forbidden('viewer', 'get', 'pods', '', 'podnet-demo', 'web-1', 'log')],
    ['errors/403-viewer-list-configmaps-cluster.json', forbidden('viewer', 'list', 'configmaps', '')],
    ['errors/403-viewer-list-secrets-all-namespaces.json', forbidden({ user: 'viewer', verb: 'list', resource: 'secrets', group: '', namespace: undefined, name: undefined, subresource: undefined })],
    ['errors/403-viewer-list-secrets.json', forbidden('viewer', 'list', 'secrets', '', 'podnet-demo')],
    ['errors/403-viewer-portforward-get.json', forbidden('viewer', 'get', 'pods', '', 'podnet-demo', 'web-1', 'portforward')],
    ['errors/403-viewer-portforward-post.json', forbidden('viewer', 'create', 'pods', '', 'podnet-demo', 'web-1', 'portforward')],
    ['errors/422-create-pod-no-containers.json', invalid('Pod', 'Bad_Name', [
      { type: 'FieldValueInvalid', field: 'metadata.name', value: 'Bad_Name', detail: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
      { type: 'FieldValueRequired', field: 'spec.containers', detail: '' },
    ])],
    ['errors/422-create-service-bad-port.json', invalid('Service', 'bad-port', [
      { type: 'FieldValueInvalid', field: 'spec.ports[0].port', value: 70000, detail: 'must be between 1 and 65535, inclusive' },
    ])],
    ['watch/23-watchlist-sendInitialEvents-NotOlderThan.ndjson', invalidListOptions('')],
    ['watch/24-watchlist-sendInitialEvents-NotOlderThan-rv-empty.ndjson', invalidListOptions('', 'NotOlderThan')],
    ['exec/01-admin-post-exec-no-upgrade.json', badRequest('Upgrade request required')],
    ['exec/08-admin-exec-pending-pod-no-node.json', badRequest('pod pending-1 does not have a host assigned')],
    ['exec/09-admin-exec-bad-container.json', badRequest('container nope is not valid for pod web-1')],
    ['exec/06-admin-get-pod-log.json', internalError('Get "https://127.0.0.2:10250/containerLogs/podnet-demo/web-1/nginx": dial tcp 127.0.0.2:10250: connect: connection refused')],
    ['exec/02-admin-get-exec-websocket-upgrade-v4.txt', internalError('error dialing backend: dial tcp 127.0.0.2:10250: connect: connection refused')],
  ];
  it.each(cases)('%s', (capture, built) => {
    const name = capture.replace(/\.(json|txt|ndjson)$/, '');
    expect(built.code).toBe(statusLine(name));
    expect(toJson(built.body, false)).toBe(read(capture));
    for (const [k, v] of Object.entries(built.headers ?? {})) expect(headersOf(name)[k]).toBe(v);
  });

  // WriteRawJSON: written indented with no newline although the client is a program.
  it.each([
    ['errors/406-accept-xml', notAcceptable()],
    ['discovery/aggregated-v2-only-api', notAcceptableMediaTypes()],
    ['discovery/aggregated-v2beta1-only-apis', notAcceptableMediaTypes()],
  ])('%s is always pretty', (capture, built) => {
    expect(built.alwaysPretty).toBe(true);
    expect(built.code).toBe(statusLine(capture));
    expect(toJson(built.body, true)).toBe(read(`${capture}.json`));
  });

  it('an unknown group is a plain-text 404 (errors/404-unknown-group)', () => {
    const page = pageNotFound();
    expect(page.body).toBe(read('errors/404-unknown-group.json'));
    expect(page.code).toBe(404);
    expect(page.headers).toEqual({
      'content-type': headersOf('errors/404-unknown-group')['content-type'],
      'x-content-type-options': headersOf('errors/404-unknown-group')['x-content-type-options'],
    });
  });

  it.each([
    ['watch/40-after-restart-watch-pods-rv1-too-old-ERROR-410-event.ndjson', 1],
    ['watch/41-after-restart-watch-pods-rv221-compacted-ERROR-410-event.ndjson', 221],
  ])('%s: the ERROR event of a too-old watch', (capture, rv) => {
    expect(toJson({ type: 'ERROR', object: tooOldResourceVersion(rv, 244).body }, false)).toBe(read(capture));
  });
});

describe('other Status shapes', () => {
  it('forbids non-resource paths and escapes HTML in the RBAC sentence', () => {
    expect(forbidden({ user: 'system:anonymous', verb: 'get', path: '/api' }).body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'forbidden: User "system:anonymous" cannot get path "/api"', reason: 'Forbidden', details: {}, code: 403,
    });
    expect(forbidden('a<b>&c', 'get', 'widgets', 'example.com', 'ns', 'w', '', 'RBAC: denied').body.message)
      .toBe('widgets.example.com "w" is forbidden: User "a&lt;b&gt;&amp;c" cannot get resource "widgets" in API group "example.com" in the namespace "ns": RBAC: denied');
  });
  it('validates list options like ValidateListOptions', () => {
    expect(listOptionsError({ resourceVersion: '5', resourceVersionMatch: 'NotOlderThan' })).toBeUndefined();
    expect(listOptionsError({ watch: true, resourceVersion: '', resourceVersionMatch: 'Bogus' })?.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch, resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, resourceVersionMatch: Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", ""]',
      reason: 'Invalid',
      details: { group: 'meta.k8s.io', kind: 'ListOptions', causes: [
        { reason: 'FieldValueForbidden', message: 'Forbidden: resourceVersionMatch is forbidden for watch', field: 'resourceVersionMatch' },
        { reason: 'FieldValueForbidden', message: 'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided', field: 'resourceVersionMatch' },
        { reason: 'FieldValueNotSupported', message: 'Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", ""', field: 'resourceVersionMatch' },
      ] },
      code: 422,
    });
  });
  it.each([
    ['plain', '"plain"'], ['say "hi"\\', '"say \\"hi\\"\\\\"'], ['tab\tnl\nbell\u0007', '"tab\\tnl\\nbell\\a"'],
    ['\u0000\u001f\u007f', '"\\x00\\x1f\\x7f"'], ['é日本\u{1F600}', '"é日本\u{1F600}"'], ['\u00a0\u00ad\u200b', '"\\u00a0\\u00ad\\u200b"'],
    ['\u{E0001}', '"\\U000e0001"'],
  ])('goQuote(%j) = %s', (s, quoted) => expect(goQuote(s)).toBe(quoted));
  it('goJson escapes like encoding/json', () => {
    expect(goJson({ a: '<none> & \u2028\b\f\u0001', b: '\\b' })).toBe('{"a":"\\u003cnone\\u003e \\u0026 \\u2028\\u0008\\u000c\\u0001","b":"\\\\b"}');
  });
});
