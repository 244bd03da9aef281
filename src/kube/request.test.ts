// getJson over a kept-alive connection that the server drops just as it is reused: the GET is
// sent again once, on a fresh connection, instead of failing with "socket hang up".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { makePki } from '../lab/pki.js';
import { getJson, releaseConnections } from './request.js';

let server: Server;
let kc: KubeConfig;
let dropNextReuse = false;
const sockets = new Map<Socket, number>();

beforeAll(async () => {
  const pki = await makePki();
  server = createServer({ cert: pki.serverCert, key: pki.serverKey }, (req, res) => {
    const socket = req.socket;
    const served = sockets.get(socket) ?? 0;
    sockets.set(socket, served + 1);
    if (dropNextReuse && served > 0) {
      dropNextReuse = false;
      socket.destroy();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ kind: 'Status', served: served + 1 }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `https://127.0.0.1:${port}`, caData: Buffer.from(pki.caCert).toString('base64'), tlsServerName: 'localhost' }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
});

afterAll(() => {
  releaseConnections(kc);
  server.close();
});

describe('getJson on a kept-alive connection', () => {
  it('reuses the connection, and retries once when the server drops it on reuse', async () => {
    expect(await getJson<{ served: number }>(kc, '/a')).toEqual({ kind: 'Status', served: 1 });
    expect(await getJson<{ served: number }>(kc, '/b')).toEqual({ kind: 'Status', served: 2 }); // same socket
    dropNextReuse = true;
    const third = await getJson<{ served: number }>(kc, '/c');
    expect(dropNextReuse).toBe(false); // the server did drop the reused connection
    expect(third).toEqual({ kind: 'Status', served: 1 }); // answered on a new one
  });
});
