// The process that runs inside each lab pod's network namespace: it serves what the pod's image
// serves (HTTP app routes, Postgres/Redis TCP, the cluster DNS relay, metrics) and opens
// connections to the pod's own localhost for port-forwards, as a kubelet does, on behalf of the
// lab (which lives in the host namespace and talks to it over the IPC channel it was started with).
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { ServerSpec } from '../net/images.js';
import { serveHttpApp, serveMetrics, servePostgres, serveRedis } from './appServers.js';

export interface AgentConfig {
  pod: string;
  ip: string;
  dnsSocket: string;
  servers: ServerSpec[];
}

export async function runPodAgent(configPath: string): Promise<never> {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as AgentConfig;
  await Promise.all(config.servers.map((s) => startServer(s, config)));
  serveDials();
  process.send?.({ ready: true });
  // The lab holds our IPC channel; when it goes away, so do we.
  process.on('disconnect', () => process.exit(0));
  return new Promise<never>(() => {});
}

/**
 * The lab asks for a connection to a port on the pod's localhost; the agent connects from inside
 * the namespace and hands the connected socket itself to the lab over the IPC channel, so the
 * bytes then flow between the lab and the pod's server with no process in between.
 */
function serveDials(): void {
  process.on('message', (msg: { dial?: number; id?: number }) => {
    if (typeof msg?.dial !== 'number') return;
    const upstream = connect({ host: '127.0.0.1', port: msg.dial });
    upstream.once('connect', () => {
      upstream.pause();
      process.send?.({ id: msg.id, ok: true }, upstream);
    });
    upstream.once('error', (e: NodeJS.ErrnoException) => {
      process.send?.({ id: msg.id, error: e.message, code: e.code });
    });
  });
}

function startServer(s: ServerSpec, config: AgentConfig): Promise<void> {
  switch (s.kind) {
    case 'http':
      return listen(createHttpServer(serveHttpApp(config.pod, config.ip, s.port)), s.port);
    case 'metrics':
      return listen(createHttpServer(serveMetrics), s.port);
    case 'tcp':
      return listen(createServer(s.protocol === 'redis' ? serveRedis : servePostgres), s.port);
    case 'dns':
      return serveDnsRelay(s.port, config.dnsSocket);
  }
}

function listen(server: ReturnType<typeof createServer> | ReturnType<typeof createHttpServer>, port: number): Promise<void> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '0.0.0.0', () => ok());
  });
}

/** The pod answers DNS by asking the lab, which knows the cluster's Services. */
function serveDnsRelay(port: number, dnsSocket: string): Promise<void> {
  const ask = (query: Buffer): Promise<Buffer> =>
    new Promise((ok, fail) => {
      const s: Socket = connect(dnsSocket);
      const chunks: Buffer[] = [];
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => ok(Buffer.concat(chunks)));
      s.on('error', fail);
      s.end(query);
    });
  const udp = createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    ask(msg).then((answer) => answer.length && udp.send(answer, rinfo.port, rinfo.address), () => {});
  });
  const tcp = createServer((c) => {
    let buf = Buffer.alloc(0);
    c.on('data', async (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const query = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        const answer = await ask(query).catch(() => Buffer.alloc(0));
        const framed = Buffer.alloc(2 + answer.length);
        framed.writeUInt16BE(answer.length, 0);
        answer.copy(framed, 2);
        c.write(framed);
      }
    });
    c.on('error', () => {});
  });
  return Promise.all([
    new Promise<void>((ok, fail) => {
      udp.once('error', fail);
      udp.bind(port, '0.0.0.0', () => ok());
    }),
    listen(tcp, port),
  ]).then(() => undefined);
}
