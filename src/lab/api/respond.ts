// Writing answers the way kube-apiserver does: its headers, compact JSON for programs and
// pretty JSON for curl and browsers.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toJson, wantsPretty } from './negotiate.js';

export function baseHeaders(contentType: string): Record<string, string> {
  return {
    'Audit-Id': randomUUID(),
    'Cache-Control': 'no-cache, private',
    'Content-Type': contentType,
  };
}

export function sendJson(req: IncomingMessage, res: ServerResponse, code: number, body: unknown, pretty = false): void {
  const text = toJson(body, pretty || wantsPretty(req.headers['user-agent'], prettyParam(req)));
  res.writeHead(code, { ...baseHeaders('application/json'), 'Content-Length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    ...baseHeaders('text/plain; charset=utf-8'),
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export interface StatusAnswer {
  code: number;
  body: unknown;
  headers?: Record<string, string>;
  alwaysPretty?: true;
}

export function sendStatus(req: IncomingMessage, res: ServerResponse, status: StatusAnswer): void {
  if (typeof status.body === 'string') {
    res.writeHead(status.code, { ...baseHeaders('text/plain; charset=utf-8'), ...status.headers, 'Content-Length': Buffer.byteLength(status.body) });
    res.end(status.body);
    return;
  }
  const pretty = status.alwaysPretty === true || wantsPretty(req.headers['user-agent'], prettyParam(req));
  const text = toJson(status.body, pretty);
  res.writeHead(status.code, { ...baseHeaders('application/json'), ...status.headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(req.method === 'HEAD' ? undefined : text);
}

const MAX_BODY = 3 * 1024 * 1024; // the apiserver's request size limit is 3 MiB too

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new Error('request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function prettyParam(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'https://lab').searchParams.get('pretty');
}
