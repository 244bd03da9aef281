// The local end of a forward: a TCP listener on the address the user chose. Port 0 in a spec means
// "the remote number when it is free, else any free port", so `f` on port 8080 usually gives
// 127.0.0.1:8080 and never fails for a port that happens to be taken.
import { createServer, type Server, type Socket } from 'node:net';

export class ListenError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

function listenOnce(server: Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as { port: number }).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // exclusive: a port another podnet or kubectl has is in use, even on Linux's SO_REUSEPORT.
    server.listen({ host: address, port, exclusive: true });
  });
}

const REASONS: Record<string, string> = {
  EADDRINUSE: 'the port is in use',
  EACCES: 'permission denied (ports below 1024 need root)',
  EADDRNOTAVAIL: 'this machine has no such address',
  ENOTFOUND: 'no such host',
  EINVAL: 'not a usable address',
};

/** Binds `address`:`localPort` (0: `preferred` when free, else any); rejects with a ListenError sentence. */
export async function listenLocal(address: string, localPort: number, preferred: number, onConnection: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  // The first bytes of a connection wait in the kernel until the pod side is open: no delay here.
  const server = createServer({ noDelay: true, pauseOnConnect: false }, onConnection);
  try {
    if (localPort === 0 && preferred > 0) {
      try {
        return { server, port: await listenOnce(server, address, preferred) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
      }
    }
    return { server, port: await listenOnce(server, address, localPort) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const where = `${address.includes(':') ? `[${address}]` : address}:${localPort || preferred}`;
    const why = REASONS[code ?? ''] ?? (e as Error).message;
    const hint = code === 'EADDRINUSE' ? `; pick another local port (or :${preferred} for any free one)` : '';
    throw new ListenError(`Cannot listen on ${where}: ${why}${hint}.`, code);
  }
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}
