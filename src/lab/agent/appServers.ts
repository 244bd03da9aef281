// What the lab's application images answer: HTTP routes of the lab app, a Postgres server that
// accepts connections (and declines SSL as a plain server does), Redis that answers PING.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const USERS = [
  { id: 1, name: 'alice', role: 'admin' },
  { id: 2, name: 'bob', role: 'developer' },
  { id: 3, name: 'carol', role: 'viewer' },
];

export function serveHttpApp(pod: string, ip: string, port: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (code: number, body: unknown) => {
      const text = `${JSON.stringify(body)}\n`;
      res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (path === '/health' || path === '/healthz') return json(200, { status: 'ok' });
    if (path === '/api/users') return json(200, USERS);
    const bytes = /^\/bytes\/(\d+)$/.exec(path ?? '');
    if (bytes) return sendZeros(res, Math.min(Number(bytes[1]), MAX_BYTES));
    if (path === '/echo' && req.method === 'POST') return echoBody(req, res);
    if (path === '/') {
      const html = `<!DOCTYPE html>\n<html><head><title>${pod}</title></head><body><h1>${pod}</h1><p>Served by ${pod} at ${ip}:${port}.</p></body></html>\n`;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
      return res.end(html);
    }
    return json(404, { error: 'not found', path });
  };
}

// `POST /echo` sends the body back as it arrives, so a test can move distinct bytes both ways.
function echoBody(req: IncomingMessage, res: ServerResponse): void {
  const length = req.headers['content-length'];
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', ...(length ? { 'Content-Length': length } : {}) });
  req.pipe(res);
}

// `/bytes/N` (as httpbin has it) gives load tests and benchmarks a body of any size.
const MAX_BYTES = 1024 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024);

function sendZeros(res: ServerResponse, total: number): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': total });
  let left = total;
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, CHUNK.length);
      left -= n;
      if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

export function serveMetrics(_req: IncomingMessage, res: ServerResponse): void {
  const text = '# HELP coredns_build_info A metric with a constant \'1\' value.\n# TYPE coredns_build_info gauge\ncoredns_build_info{version="1.11.1"} 1\n';
  res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** An SSLRequest (8 bytes, code 80877103) gets 'N'; anything else is held open, as by a server awaiting auth. */
export function servePostgres(socket: Socket): void {
  socket.on('error', () => {});
  socket.setTimeout(60_000, () => socket.destroy());
  socket.once('data', (d: Buffer) => {
    if (d.length === 8 && d.readUInt32BE(4) === 80877103) socket.write('N');
  });
}

export function serveRedis(socket: Socket): void {
  socket.on('error', () => {});
  socket.setTimeout(300_000, () => socket.destroy());
  let buf = '';
  socket.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line.startsWith('*') || line.startsWith('$')) continue; // RESP framing around the words
      const word = line.trim().split(/\s+/)[0]?.toUpperCase();
      if (!word) continue;
      if (word === 'PING') socket.write('+PONG\r\n');
      else if (word === 'QUIT') socket.end('+OK\r\n');
      else socket.write(`-ERR unknown command '${word.toLowerCase()}'\r\n`);
    }
  });
}
