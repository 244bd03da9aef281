// The lab's side of the pods' DNS relay: one query per unix connection, answered from the store.
import { createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';
import type { ObjectStore } from '../store/objectStore.js';
import { answerQuery } from './clusterDns.js';

export function serveDnsSocket(store: ObjectStore, path: string): Promise<Server> {
  rmSync(path, { force: true });
  const server = createServer((c) => {
    const chunks: Buffer[] = [];
    c.on('data', (d: Buffer) => chunks.push(d));
    c.on('end', () => c.end(answerQuery(store, Buffer.concat(chunks))));
    c.on('error', () => {});
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(path, () => ok(server));
  });
}
