import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { ResilientWatch } from './resilientWatch.js';

let server: Server;
let kc: KubeConfig;
const requests: URL[] = [];
let onWatch: (res: ServerResponse) => void = () => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(new URL(req.url!, 'http://x'));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    onWatch(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  kc = new KubeConfig();
  kc.loadFromClusterAndUser({ name: 'c', server: `http://127.0.0.1:${(server.address() as { port: number }).port}`, skipTLSVerify: true }, { name: 'u', token: 't' });
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const slim = (o: { metadata: { name: string; resourceVersion: string } }) => ({ metadata: o.metadata, view: `view of ${o.metadata.name}` });

describe('ResilientWatch', () => {
  it('asks for bookmarks and a server-side timeout, and hands the informer slim objects', async () => {
    onWatch = (res) => {
      res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'web', resourceVersion: '5' }, spec: { big: 'x'.repeat(1000) } } })}\n`);
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } })}\n`);
      res.end();
    };
    const got: [string, unknown][] = [];
    let connected = 0;
    const w = new ResilientWatch(kc, slim, { onConnected: () => connected++, stopped: () => false });
    await new Promise<void>((done) => void w.watch('/api/v1/pods', { resourceVersion: '4' }, (type, obj) => got.push([type, obj]), () => done()));
    const q = requests.at(-1)!.searchParams;
    expect([q.get('watch'), q.get('resourceVersion'), q.get('allowWatchBookmarks')]).toEqual(['true', '4', 'true']);
    expect(Number(q.get('timeoutSeconds'))).toBeGreaterThanOrEqual(300);
    expect(got).toEqual([['ADDED', { metadata: { name: 'web', resourceVersion: '5' }, view: 'view of web' }], ['BOOKMARK', { metadata: { resourceVersion: '6' } }]]);
    expect(connected).toBe(1);
  });

  it('a watch that goes silent (no event, no bookmark) is ended, so the informer resumes', async () => {
    onWatch = () => {}; // headers sent, then nothing
    const w = new ResilientWatch(kc, slim, { onConnected: () => {}, stopped: () => false }, 300);
    const t0 = Date.now();
    const err = await new Promise((done) => void w.watch('/api/v1/pods', {}, () => {}, done));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((err as Error).name).toBe('AbortError');
  });

  it('does not open a watch once the informer is stopped', async () => {
    const before = requests.length;
    const w = new ResilientWatch(kc, slim, { onConnected: () => {}, stopped: () => true });
    const err = await new Promise((done) => void w.watch('/api/v1/pods', {}, () => {}, done));
    expect(err).toBeNull();
    expect(requests.length).toBe(before);
  });
});
