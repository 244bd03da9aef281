// The lab's answers to wrong, odd and streaming requests, over raw HTTPS, compared with what a real
// kube-apiserver answers in the same situation. The expected bodies are copied from the captures
// in k8s-reference (errors/*, watch/*, table/*; named next to each), names swapped for the lab's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { startLab, type RunningLab } from '../helpers/lab';
import { poll } from '../helpers/poll.js';

const DEFAULT_PODS = ['backend', 'cache', 'client-pod', 'db', 'distroless-app', 'frontend', 'practice-pod'];
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

let lab: RunningLab;
let host: string;
let port: number;
let ca: string;
let adminToken: string;
let readonlyToken: string;

beforeAll(async () => {
  lab = await startLab();
  interface Kubeconfig {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
  }
  const doc = load(readFileSync(lab.kubeconfig, 'utf8')) as Kubeconfig;
  const tokenOf = (context: string) => {
    const user = doc.contexts.find((c) => c.name === context)!.context.user;
    return doc.users.find((u) => u.name === user)!.user.token;
  };
  const cluster = doc.clusters.find((c) => c.name === doc.contexts.find((x) => x.name === 'lab')!.context.cluster)!.cluster;
  const url = new URL(cluster.server);
  expect(url.protocol).toBe('https:');
  host = url.hostname;
  port = Number(url.port);
  ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  adminToken = tokenOf('lab');
  readonlyToken = tokenOf('lab-readonly');
  expect(adminToken).not.toBe(readonlyToken);
});

afterAll(async () => {
  await lab?.stop();
});

// ---------------------------------------------------------------------------------------------
// raw HTTPS

interface CallOptions {
  /** Bearer token; undefined = admin, null = no Authorization header. */
  token?: string | null;
  body?: string;
  contentType?: string;
  accept?: string | null;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function headersOf(o: CallOptions): Record<string, string> {
  const h: Record<string, string> = { 'User-Agent': 'podnet-e2e/1.0', ...(o.headers ?? {}) };
  const token = o.token === undefined ? adminToken : o.token;
  if (token !== null) h.Authorization = `Bearer ${token}`;
  if (o.accept !== null) h.Accept = o.accept ?? 'application/json';
  if (o.body !== undefined) {
    h['Content-Type'] = o.contentType ?? 'application/json';
    h['Content-Length'] = String(Buffer.byteLength(o.body));
  }
  return h;
}

/** One request, answered in full within the timeout or rejected (a hang is a failure, never a wait). */
function call(method: string, path: string, o: CallOptions = {}): Promise<Reply> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  return new Promise((ok, fail) => {
    const req = httpsRequest({ host, port, path, method, ca, agent: false, headers: headersOf(o) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        ok({ status: res.statusCode!, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', fail);
    });
    const timer = setTimeout(() => req.destroy(new Error(`${method} ${path}: no complete answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

interface Stream {
  status: number;
  headers: IncomingHttpHeaders;
  events: { type: string; object: any }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  elapsedMs: number;
}

/** A watch read to its end, which must come within the timeout. Every line must be one JSON event. */
async function watchToEnd(path: string, o: CallOptions = {}): Promise<Stream> {
  const started = Date.now();
  const r = await call('GET', path, { timeoutMs: 20_000, ...o });
  const lines = r.text.split('\n');
  expect(lines.pop(), 'the stream ends with a newline').toBe('');
  return { status: r.status, headers: r.headers, events: lines.map((l) => JSON.parse(l)), elapsedMs: Date.now() - started };
}


function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function expectJsonStatus(r: Reply, want: ReturnType<typeof status>) {
  expect(r.status, r.text).toBe(want.code);
  expect(r.headers['content-type']).toBe('application/json');
  expect(r.json()).toEqual(want);
}

const podManifest = (name: string, namespace?: string) =>
  JSON.stringify({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
  });

const PODS = '/api/v1/namespaces/default/pods';

// ---------------------------------------------------------------------------------------------

describe('not found', () => {
  it('an unknown resource is a 404 Status (errors/404-unknown-resource-type)', async () => {
    const want = status(404, 'NotFound', 'the server could not find the requested resource', {});
    for (const path of ['/api/v1/namespaces/default/widgets', '/api/v1/namespaces/default/widgets/w1', '/api/v1/widgets']) {
      expectJsonStatus(await call('GET', path), want);
    }
  });

  it('an unknown API group is a plain-text "404 page not found" (errors/404-unknown-group)', async () => {
    for (const path of ['/apis/nosuch.example.com/v1', '/apis/nosuch.example.com/v1/namespaces/default/widgets']) {
      const r = await call('GET', path);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(r.text).toBe('404 page not found\n');
    }
  });

  it('a missing pod, or a pod in a missing namespace, is 404 naming the pod (errors/404-get-missing-pod, -in-missing-namespace)', async () => {
    expectJsonStatus(await call('GET', `${PODS}/does-not-exist`),
      status(404, 'NotFound', 'pods "does-not-exist" not found', { name: 'does-not-exist', kind: 'pods' }));
    expectJsonStatus(await call('GET', '/api/v1/namespaces/no-such-ns/pods/practice-pod'),
      status(404, 'NotFound', 'pods "practice-pod" not found', { name: 'practice-pod', kind: 'pods' }));
  });

  it('listing pods in a namespace that does not exist is 200 with no items (errors/200-list-pods-in-missing-namespace)', async () => {
    const r = await call('GET', '/api/v1/namespaces/no-such-ns/pods');
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body).toEqual({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) }, items: [] });
  });
});

describe('bad requests', () => {
  it('malformed JSON is 400 (errors/400-malformed-json-body)', async () => {
    const r = await call('POST', PODS, { body: '{"apiVersion":"v1","kind":"Pod",' });
    expectJsonStatus(r, status(400, 'BadRequest',
      'the object provided is unrecognized (must be of type Pod): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Pod ...)'));
  });

  it('a pod with no containers (and a bad name) is 422 Invalid with details.kind Pod and causes (errors/422-create-pod-no-containers)', async () => {
    // The capture's exact request.
    const r = await call('POST', PODS, { body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"Bad_Name"},"spec":{"containers":[]}}' });
    const nameMsg =
      'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';
    expectJsonStatus(r, status(422, 'Invalid', `Pod "Bad_Name" is invalid: [metadata.name: ${nameMsg}, spec.containers: Required value]`, {
      name: 'Bad_Name', kind: 'Pod',
      causes: [
        { reason: 'FieldValueInvalid', message: nameMsg, field: 'metadata.name' },
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' },
      ],
    }));
  });

  it('a pod with a good name and no containers: one cause, no brackets in the message', async () => {
    const r = await call('POST', PODS, { body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"no-containers"},"spec":{"containers":[]}}' });
    expectJsonStatus(r, status(422, 'Invalid', 'Pod "no-containers" is invalid: spec.containers: Required value', {
      name: 'no-containers', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }],
    }));
    expect((await call('GET', `${PODS}/no-containers`)).status).toBe(404);
  });

  it('a body whose namespace differs from the URL\'s is 400 (errors/400-create-pod-namespace-mismatch)', async () => {
    const r = await call('POST', PODS, { body: podManifest('ns-mismatch', 'restricted') });
    expectJsonStatus(r, status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
    expect((await call('GET', '/api/v1/namespaces/restricted/pods/ns-mismatch')).status).toBe(404);
  });

  it('a bad labelSelector is 400 (errors/400-bad-labelSelector)', async () => {
    const r = await call('GET', `/api/v1/pods?labelSelector=${encodeURIComponent('app===web!')}`);
    expectJsonStatus(r, status(400, 'BadRequest', 'unable to parse requirement: found \'=\', expected: identifier'));
  });

  it('an unsupported fieldSelector is 400 (errors/400-unsupported-fieldSelector)', async () => {
    const r = await call('GET', `/api/v1/pods?fieldSelector=${encodeURIComponent('spec.hostname=foo')}`);
    expectJsonStatus(r, status(400, 'BadRequest', 'field label not supported: spec.hostname'));
  });

  it('a garbage continue token is 400 (errors/400-garbage-continue-token)', async () => {
    const r = await call('GET', '/api/v1/pods?limit=2&continue=not-a-token');
    expect(r.status).toBe(400);
    const body = r.json();
    expect(Object.keys(body).sort()).toEqual(['apiVersion', 'code', 'kind', 'message', 'metadata', 'reason', 'status']);
    expect(body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    expect(body.message).toMatch(/^invalid continue token: /);
  });

  it('exec without an upgrade: the container is checked first, then the upgrade (exec/09, exec/01)', async () => {
    const bad = await call('POST', '/api/v1/namespaces/default/pods/practice-pod/exec?command=ls&stdout=true&container=nope');
    expectJsonStatus(bad, status(400, 'BadRequest', 'container nope is not valid for pod practice-pod'));
    const plain = await call('POST', '/api/v1/namespaces/default/pods/practice-pod/exec?command=ls&stdout=true');
    expectJsonStatus(plain, status(400, 'BadRequest', 'Upgrade request required'));
  });

  it('PUT on a collection is 405 (errors/405-method-not-allowed-put-collection)', async () => {
    expectJsonStatus(await call('PUT', PODS, { body: '{}' }),
      status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
  });

  it('Accept: application/xml is 406 (errors/406-accept-xml)', async () => {
    expectJsonStatus(await call('GET', PODS, { accept: 'application/xml' }), status(406, 'NotAcceptable', '406: Not Acceptable', {}));
  });

  it('a text/plain body is 415 (errors/415-content-type-text)', async () => {
    expectJsonStatus(await call('POST', PODS, { body: 'hi', contentType: 'text/plain' }), status(415, 'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf'));
  });
});

describe('who is asking', () => {
  it('a wrong token is 401 with a bare Status (errors/401-wrong-token)', async () => {
    const want = status(401, 'Unauthorized', 'Unauthorized');
    for (const path of [PODS, `${PODS}/practice-pod`, '/api/v1', `${PODS}?watch=1`, '/apis/nosuch.example.com/v1']) {
      expectJsonStatus(await call('GET', path, { token: 'wrong-token' }), want);
    }
  });

  it('no token is 403 for system:anonymous (errors/403-anonymous-no-token)', async () => {
    expectJsonStatus(await call('GET', PODS, { token: null }), status(403, 'Forbidden',
      'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"', { kind: 'pods' }));
    expectJsonStatus(await call('GET', `${PODS}/practice-pod`, { token: null }), status(403, 'Forbidden',
      'pods "practice-pod" is forbidden: User "system:anonymous" cannot get resource "pods" in API group "" in the namespace "default"',
      { name: 'practice-pod', kind: 'pods' }));
  });

  it('the readonly user may list but not create or delete (errors/200-viewer-list-pods, 403-viewer-*)', async () => {
    const list = await call('GET', PODS, { token: readonlyToken });
    expect(list.status).toBe(200);
    expect(list.json().items.map((p: { metadata: { name: string } }) => p.metadata.name).sort()).toEqual(DEFAULT_PODS);
    expectJsonStatus(await call('POST', PODS, { token: readonlyToken, body: podManifest('ro-pod') }), status(403, 'Forbidden',
      'pods is forbidden: User "readonly" cannot create resource "pods" in API group "" in the namespace "default"', { kind: 'pods' }));
    expectJsonStatus(await call('DELETE', `${PODS}/db`, { token: readonlyToken }), status(403, 'Forbidden',
      'pods "db" is forbidden: User "readonly" cannot delete resource "pods" in API group "" in the namespace "default"',
      { name: 'db', kind: 'pods' }));
    expect((await call('GET', `${PODS}/ro-pod`)).status).toBe(404);
  });
});

describe('conflicts', () => {
  it('creating a pod that exists is 409 AlreadyExists (errors/409-create-pod-already-exists)', async () => {
    const before = (await call('GET', `${PODS}/practice-pod`)).json();
    expectJsonStatus(await call('POST', PODS, { body: podManifest('practice-pod') }),
      status(409, 'AlreadyExists', 'pods "practice-pod" already exists', { name: 'practice-pod', kind: 'pods' }));
    const after = (await call('GET', `${PODS}/practice-pod`)).json();
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });
});

describe('Table', () => {
  // table/pods-ns-podnet-demo.json, without the descriptions.
  const COLUMNS = [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', format: '', priority: 0 },
    { name: 'Status', type: 'string', format: '', priority: 0 },
    { name: 'Restarts', type: 'string', format: '', priority: 0 },
    { name: 'Age', type: 'string', format: '', priority: 0 },
    { name: 'IP', type: 'string', format: '', priority: 1 },
    { name: 'Node', type: 'string', format: '', priority: 1 },
    { name: 'Nominated Node', type: 'string', format: '', priority: 1 },
    { name: 'Readiness Gates', type: 'string', format: '', priority: 1 },
  ];

  it('pods as a Table have the apiserver\'s columns and string cells (table/pods-ns-podnet-demo)', async () => {
    const pods = (await call('GET', PODS)).json().items as { metadata: { name: string; uid: string }; spec: { nodeName: string }; status: { podIP: string } }[];
    const r = await call('GET', PODS, { accept: TABLE_ACCEPT });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    const t = r.json();
    expect(Object.keys(t).sort()).toEqual(['apiVersion', 'columnDefinitions', 'kind', 'metadata', 'rows']);
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: expect.stringMatching(/^\d+$/) });
    expect(t.columnDefinitions.map(({ name, type, format, priority }: Record<string, unknown>) => ({ name, type, format, priority }))).toEqual(COLUMNS);
    for (const c of t.columnDefinitions) expect(typeof c.description === 'string' && c.description.length > 0, c.name).toBe(true);

    expect(t.rows.map((row: { cells: string[] }) => row.cells[0]).sort()).toEqual(DEFAULT_PODS);
    for (const row of t.rows) {
      expect(row.cells).toHaveLength(COLUMNS.length);
      expect(row.cells.every((c: unknown) => typeof c === 'string'), JSON.stringify(row.cells)).toBe(true);
      const pod = pods.find((p) => p.metadata.name === row.cells[0])!;
      const [, ready, phase, restarts, age, ip, node, nominated, gates] = row.cells;
      expect(ready).toBe('1/1');
      expect(phase).toBe('Running');
      expect(restarts).toBe('0');
      expect(age).toMatch(/^\d+[smhd]/);
      expect(ip).toBe(pod.status.podIP);
      expect(node).toBe(pod.spec.nodeName);
      expect(nominated).toBe('<none>');
      expect(gates).toBe('<none>');
      // Rows carry PartialObjectMetadata by default.
      expect(row.object.kind).toBe('PartialObjectMetadata');
      expect(row.object.apiVersion).toBe('meta.k8s.io/v1');
      expect(row.object.metadata.name).toBe(row.cells[0]);
      expect(row.object.metadata.uid).toBe(pod.metadata.uid);
      expect(row.object.spec).toBeUndefined();
    }
  });

  it('a Table watch (kubectl get -w): one row per event, columnDefinitions only on the first (watch/02-*)', async () => {
    const s = await watchToEnd(`${PODS}?watch=1&resourceVersion=0&timeoutSeconds=1`, { accept: TABLE_ACCEPT });
    expect(s.status).toBe(200);
    expect(s.events.map((e) => e.type)).toEqual(DEFAULT_PODS.map(() => 'ADDED'));
    s.events.forEach((e, i) => {
      expect(e.object.kind).toBe('Table');
      expect(e.object.rows).toHaveLength(1);
      if (i === 0) expect(e.object.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(COLUMNS.map((c) => c.name));
      else expect(e.object.columnDefinitions, `event ${i}`).toBeNull();
    });
    expect(s.events.map((e) => e.object.rows[0].cells[0]).sort()).toEqual(DEFAULT_PODS);
  });
});

describe('watch streams', () => {
  // watch/01-watch-pods-ns-from-list-rv-bookmarks: a pod BOOKMARK is exactly this, at its version.
  const bookmarkOf = (rv: string) => ({
    kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: rv, creationTimestamp: null }, spec: { containers: null }, status: {},
  });

  it('allowWatchBookmarks: BOOKMARK events carry only metadata.resourceVersion; the watch ends at timeoutSeconds', async () => {
    const list = (await call('GET', PODS)).json();
    const listRv = Number(list.metadata.resourceVersion);
    const s = await watchToEnd(`${PODS}?watch=1&resourceVersion=${listRv}&allowWatchBookmarks=true&timeoutSeconds=2`);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('application/json');
    expect(s.elapsedMs).toBeGreaterThanOrEqual(1500);
    expect(s.elapsedMs).toBeLessThan(10_000);
    const bookmarks = s.events.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length, JSON.stringify(s.events.map((e) => e.type))).toBeGreaterThanOrEqual(1);
    let highest = listRv;
    for (const e of s.events) {
      const rv = Number(e.object.metadata.resourceVersion);
      expect(rv).toBeGreaterThanOrEqual(highest); // never goes back
      highest = rv;
      if (e.type === 'BOOKMARK') expect(e.object).toEqual(bookmarkOf(e.object.metadata.resourceVersion));
    }
    expect(s.events[s.events.length - 1]!.type).toBe('BOOKMARK');
  });

  it('no BOOKMARK events unless asked for', async () => {
    const list = (await call('GET', PODS)).json();
    const s = await watchToEnd(`${PODS}?watch=1&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=2`);
    expect(s.status).toBe(200);
    expect(s.elapsedMs).toBeLessThan(10_000);
    expect(s.events.filter((e) => e.type === 'BOOKMARK')).toEqual([]);
  });

  it('a watch from resourceVersion 1 after the API restarted: 200, one ERROR 410 Expired event, end (watch/40-*)', async () => {
    // A fresh lab's watch cache still holds its whole history (watch/20-*); a restarted one does not.
    expect((await lab.fault('stop-api')).code).toBe(0);
    await expect(call('GET', PODS, { timeoutMs: 3000 })).rejects.toThrow();
    expect((await lab.fault('start-api')).code).toBe(0);
    await poll('the API answering again', async () => (await call('GET', PODS, { timeoutMs: 3000 })).status === 200);

    // No timeoutSeconds: the stream must end by itself after the ERROR event.
    const s = await watchToEnd(`${PODS}?watch=1&resourceVersion=1&allowWatchBookmarks=true`, { timeoutMs: 10_000 });
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('application/json');
    expect(s.events).toHaveLength(1);
    expect(s.events[0]).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/), reason: 'Expired', code: 410,
      },
    });
    // The version in brackets is the oldest one the restarted server can still serve.
    const oldest = Number(/\((\d+)\)/.exec(s.events[0]!.object.message)![1]);
    const now = Number((await call('GET', PODS)).json().metadata.resourceVersion);
    expect(oldest).toBeGreaterThan(1);
    expect(oldest).toBeLessThanOrEqual(now);
    // ...and a watch from that version is served.
    const ok = await watchToEnd(`${PODS}?watch=1&resourceVersion=${oldest}&timeoutSeconds=1`);
    expect(ok.status).toBe(200);
    expect(ok.events.filter((e) => e.type === 'ERROR')).toEqual([]);
  });
});

describe('never a crash or a hang', () => {
  it('odd requests get a 4xx answer in time, and the lab keeps serving', async () => {
    const odd: [string, string, CallOptions, number][] = [
      ['GET', '/api/v1/namespaces/%zz/pods', {}, 400],
      ['POST', PODS, { body: 'null' }, 400],
      ['POST', PODS, { body: '[]' }, 400],
      ['POST', PODS, { body: '"a string"' }, 400],
      ['POST', PODS, { body: '{"apiVersion":"v1","kind":"Pod","metadata":"x","spec":{}}' }, 400],
      ['POST', PODS, { body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"odd"},"spec":{"containers":"x"}}' }, 400],
      ['POST', PODS, { body: '{'.repeat(100_000) }, 400],
      ['POST', PODS, { body: '' }, 400],
      ['GET', `${PODS}?labelSelector=${encodeURIComponent('a in (')}`, {}, 400],
      ['GET', `${PODS}?fieldSelector=${encodeURIComponent('metadata.name')}`, {}, 400],
    ];
    // Every case is tried (a timeout still fails at once); the mismatches are reported together.
    const mismatches: string[] = [];
    for (const [method, path, o, want] of odd) {
      const r = await call(method, path, o);
      if (r.status !== want) mismatches.push(`${method} ${path} ${o.body?.slice(0, 60) ?? ''} -> ${r.status} ${r.text.slice(0, 200)}`);
    }
    expect(mismatches).toEqual([]);

    // A client that sends half a body and hangs up.
    await new Promise<void>((ok) => {
      const req = httpsRequest({ host, port, path: PODS, method: 'POST', ca, agent: false, headers: { ...headersOf({}), 'Content-Type': 'application/json', 'Content-Length': '1000' } });
      req.on('error', () => ok());
      req.write('{"apiVersion":"v1",');
      setTimeout(() => {
        req.destroy();
        ok();
      }, 200);
    });
    // A watcher that goes away mid-stream.
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('the watch sent nothing within 5 s')), 5000);
      const done = () => {
        clearTimeout(timer);
        ok();
      };
      const req = httpsRequest({ host, port, path: `${PODS}?watch=1`, method: 'GET', ca, agent: false, headers: headersOf({}) }, (res) => {
        res.once('data', () => {
          req.destroy();
          done();
        });
      });
      req.on('error', done);
      req.end();
    });

    expect(lab.child.exitCode).toBeNull();
    expect(lab.child.signalCode).toBeNull();
    const still = await call('GET', PODS);
    expect(still.status).toBe(200);
    expect(still.json().items.map((p: { metadata: { name: string } }) => p.metadata.name).sort()).toEqual(DEFAULT_PODS);
  });
});
