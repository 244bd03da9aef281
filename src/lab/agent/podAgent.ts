// The process that runs inside each lab pod's network namespace: it serves what the pod's image
// serves (HTTP app routes, Postgres/Redis TCP, the cluster DNS relay, metrics) and opens
// connections to the pod's own localhost for port-forwards, as a kubelet does, on behalf of the
// lab (which lives in the host namespace and reaches it through a unix socket).
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { readFileSync, rmSync } from 'node:fs';
import type { ServerSpec } from '../net/images.js';
import { serveHttpApp, serveMetrics, servePostgres, serveRedis } from './appServers.js';

export interface AgentConfig {
  pod: string;
  ip: string;
  dialSocket: string;
  dnsSocket: string;
  servers: ServerSpec[];
}

export async function runPodAgent(configPath: string): Promise<never> {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as AgentConfig;
  await Promise.all(config.servers.map((s) => startServer(s, config)));
  await serveDial(config.dialSocket);
  process.stdout.write('ready\n');
  // The lab holds our stdin; when it goes away, so do we.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
  return new Promise<never>(() => {});
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

/** One line in ("PORT\n"), one line out ("OK" or "ERR <code> <message>"), then the bytes. */
function serveDial(path: string): Promise<void> {
  rmSync(path, { force: true });
  const server = createServer((client) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(10);
      if (nl < 0) return;
      client.off('data', onData);
      client.pause();
      const port = Number(head.subarray(0, nl).toString('utf8'));
      const rest = head.subarray(nl + 1);
      const upstream = connect({ host: '127.0.0.1', port });
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        client.write('OK\n');
        if (rest.length) upstream.write(rest);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.once('error', (e: NodeJS.ErrnoException) => {
        if (!connected) client.end(`ERR ${e.code ?? 'EIO'} ${e.message}\n`);
      });
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    };
    client.on('data', onData);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(path, () => ok());
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
