// The byte pipes a SPDY session runs over: the raw upgraded socket (kubectl before 1.31, which
// POSTs `Upgrade: SPDY/3.1`) or a WebSocket whose binary messages carry the SPDY bytes (kubectl
// 1.31+, subprotocol `SPDY/3.1+portforward.k8s.io`, as client-go's TunnelingConnection does:
// message boundaries mean nothing, text messages are an error).
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

export interface TransportHandlers {
  data(chunk: Buffer): void;
  close(): void;
}

export interface SpdyTransport {
  start(handlers: TransportHandlers): void;
  /** Queues bytes for the peer; false once enough waits that producers should hold off until a drain. */
  write(bytes: Buffer): boolean;
  onDrain(listener: () => void): void;
  /** Stop (and restart) reading from the peer: how a slow pod slows the client down. */
  pause(): void;
  resume(): void;
  close(): void;
}

export function socketTransport(socket: Duplex, head: Buffer): SpdyTransport {
  return {
    start(h) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        h.close();
      };
      if (head.length) h.data(head);
      socket.on('data', (chunk: Buffer) => h.data(chunk));
      socket.on('end', close);
      socket.on('close', close);
      socket.on('error', close);
    },
    write: (bytes) => !socket.destroyed && socket.write(bytes),
    onDrain: (listener) => void socket.on('drain', listener),
    pause: () => void socket.pause(),
    resume: () => void socket.resume(),
    close: () => {
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    },
  };
}

// ws has no write-side backpressure signal of its own: count the bytes whose send has not
// completed and call it full above this mark (a few data frames' worth).
const HIGH_WATER = 256 * 1024;

export function webSocketTransport(ws: WebSocket): SpdyTransport {
  let pending = 0;
  let full = false;
  const drainListeners: (() => void)[] = [];
  return {
    start(h) {
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) return ws.close(1002, 'invalid message type received');
        h.data(data);
      });
      ws.on('close', () => h.close());
      ws.on('error', () => ws.terminate());
    },
    write(bytes) {
      if (ws.readyState !== ws.OPEN) return false;
      pending += bytes.length;
      ws.send(bytes, { binary: true }, () => {
        pending -= bytes.length;
        if (full && pending < HIGH_WATER / 2) {
          full = false;
          for (const listener of drainListeners) listener();
        }
      });
      if (pending >= HIGH_WATER) full = true;
      return !full;
    },
    onDrain: (listener) => void drainListeners.push(listener),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    close: () => ws.close(1000),
  };
}
