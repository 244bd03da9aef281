import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, listenLocal } from './listen';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await closeServer(s);
});

async function taken(): Promise<number> {
  const s = createServer();
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return (s.address() as { port: number }).port;
}

describe('listenLocal', () => {
  it('takes the remote number when it is free, any free port when it is not', async () => {
    const busy = await taken();
    const probe = await taken();
    await closeServer(servers.pop()!);
    const a = await listenLocal('127.0.0.1', 0, probe, () => {});
    servers.push(a.server);
    expect(a.port).toBe(probe);
    const b = await listenLocal('127.0.0.1', 0, busy, () => {});
    servers.push(b.server);
    expect(b.port).not.toBe(busy);
    expect(b.port).toBeGreaterThan(0);
  });
  it('fails with one sentence when an explicit port is in use, and leaves nothing listening', async () => {
    const busy = await taken();
    await expect(listenLocal('127.0.0.1', busy, 80, () => {})).rejects.toThrow(`Cannot listen on 127.0.0.1:${busy}: the port is in use; pick another local port (or :80 for any free one).`);
  });
  it('says when the address is not this machine\'s', async () => {
    await expect(listenLocal('192.0.2.1', 0, 0, () => {})).rejects.toThrow(/^Cannot listen on 192\.0\.2\.1:0: this machine has no such address\.$/);
  });
});
