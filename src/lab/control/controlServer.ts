// The lab's back door for faults: HTTP over a unix socket only root (the lab's owner) can open,
// so that `start-api` still works while the API server is down.
import { createServer, type Server } from 'node:http';
import { chmodSync, rmSync } from 'node:fs';

export type FaultHandler = (args: string[]) => Promise<string>;

export class ControlServer {
  private readonly server: Server;

  constructor(private readonly path: string, faults: Record<string, FaultHandler>) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const name = (req.url ?? '').replace(/^\/faults\//, '');
        const fault = faults[name];
        const answer = (code: number, body: object) => {
          res.writeHead(code, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method !== 'POST' || !fault) return answer(404, { error: `no such fault: ${name}` });
        try {
          const { args } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { args?: string[] };
          answer(200, { message: await fault(args ?? []) });
        } catch (e) {
          answer(400, { error: (e as Error).message });
        }
      });
    });
  }

  listen(): Promise<void> {
    rmSync(this.path, { force: true });
    return new Promise((ok, fail) => {
      this.server.once('error', fail);
      this.server.listen(this.path, () => {
        chmodSync(this.path, 0o600);
        ok();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((ok) => {
      this.server.close(() => ok());
      this.server.closeAllConnections();
      rmSync(this.path, { force: true });
    });
  }
}

/** Client side, used by `podnet lab fault`. */
export async function callFault(socketPath: string, name: string, args: string[]): Promise<string> {
  const { request } = await import('node:http');
  return new Promise((ok, fail) => {
    const req = request({ socketPath, path: `/faults/${name}`, method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: string; error?: string };
        if (res.statusCode === 200) ok(body.message ?? '');
        else fail(new Error(body.error ?? `fault ${name} failed`));
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      fail(new Error(e.code === 'ENOENT' || e.code === 'ECONNREFUSED'
        ? `No lab is running behind ${socketPath} (it has ended or was killed).`
        : e.message)));
    req.end(JSON.stringify({ args }));
  });
}
