// Port-forward over SPDY as kubelet serves it (k8s.io/kubelet/pkg/cri/streaming/portforward/
// httpstream.go): each forwarded connection is a pair of client-opened streams, `streamtype: error`
// then `streamtype: data`, with the same `port` and `requestid` headers. Once both are there the
// data stream is piped to the pod; a failure goes on the error stream as JSON; then both streams
// are half-closed (error first, as Go's deferred Closes run).
import type { Duplex } from 'node:stream';
import { goJson } from '../../api/status.js';
import { SpdySession, type SpdyStream } from '../../../spdy/session.js';
import type { SpdyTransport } from '../../../spdy/transport.js';

export interface ForwardFailure {
  /** kubelet's sentence: `error forwarding port P to pod ..., uid ...: ...`. */
  message: string;
  /** kubelet keeps the connection for EPIPE/ECONNRESET from the pod and asks to close it otherwise. */
  closeConnection: boolean;
}

/** Pipes one client stream to `port` in the pod until either side is done. */
export type ForwardOne = (port: number, client: Duplex) => Promise<ForwardFailure | undefined>;

// CRI streaming's DefaultStreamCreationTimeout: how long the first stream of a pair waits for the other.
const STREAM_CREATION_TIMEOUT_MS = 30_000;

/** Go's strconv.ParseUint(s, 10, 16) as kubelet words its failure, or the port. */
export function parsePort(s: string): number | string {
  const quoted = JSON.stringify(s);
  if (!/^[0-9]+$/.test(s)) return `unable to parse ${quoted} as a port: strconv.ParseUint: parsing ${quoted}: invalid syntax`;
  const port = Number(s);
  if (port > 0xffff) return `unable to parse ${quoted} as a port: strconv.ParseUint: parsing ${quoted}: value out of range`;
  if (port < 1) return `port ${quoted} must be > 0`;
  return port;
}

/** httpStreamReceived: the reason a stream is refused (reset), or undefined. */
function refusal(stream: SpdyStream): string | undefined {
  const port = stream.header('port');
  if (!port) return '"port" header is required';
  const parsed = parsePort(port);
  if (typeof parsed === 'string') return parsed;
  const type = stream.header('streamtype');
  if (!type) return '"streamType" header is required';
  if (type !== 'error' && type !== 'data') return `invalid stream type ${JSON.stringify(type)}`;
  return undefined;
}

/** Old clients send no requestid; kubelet pairs their streams by id (error N, data N+2). */
function requestIdOf(stream: SpdyStream): string {
  const id = stream.header('requestid');
  if (id) return id;
  return String(stream.header('streamtype') === 'error' ? stream.id : stream.id - 2);
}

/** kubelet's portForwardErrResponse through json.Encoder: omitempty drops a false flag; a newline ends it. */
function errorResponse(failure: ForwardFailure): string {
  return goJson({ ...(failure.closeConnection ? { closeConnection: true } : {}), message: failure.message }) + '\n';
}

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

export function servePortForwardStreams(transport: SpdyTransport, forward: ForwardOne): SpdySession {
  const pairs = new Map<string, Pair>();
  const session = new SpdySession(transport, { role: 'server', accept: (stream) => {
    const reason = refusal(stream);
    if (reason) return reason;
    const id = requestIdOf(stream);
    let pair = pairs.get(id);
    if (!pair) {
      const timer = setTimeout(() => {
        pairs.get(id)?.error?.write(`(conn=spdy, request=${id}) timed out waiting for streams`);
        pairs.delete(id);
      }, STREAM_CREATION_TIMEOUT_MS);
      pair = { timer: timer.unref() };
      pairs.set(id, pair);
    }
    const type = stream.header('streamtype') as 'data' | 'error';
    if (pair[type]) {
      pair.error?.write(`error processing stream for request ${id}: ${type} stream already assigned`);
      return undefined;
    }
    pair[type] = stream;
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(id);
      void run(pair.data, pair.error, forward);
    }
    return undefined;
  } });
  return session;
}

async function run(data: SpdyStream, error: SpdyStream, forward: ForwardOne): Promise<void> {
  await Promise.all([data.ready, error.ready]);
  if (data.destroyed || error.destroyed) return;
  error.resume(); // the client half-closes its error stream at once; nothing on it is read
  const failure = await forward(Number(data.header('port')), data);
  if (failure) error.write(errorResponse(failure));
  error.end();
  data.end();
  data.resume(); // discard whatever the client still sends until it closes or resets the stream
}
