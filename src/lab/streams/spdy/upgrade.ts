// The HTTP side of getting to SPDY, and the plain answers given instead when that fails:
//  - the apiserver's tunnel (k8s.io/apiserver/pkg/util/proxy/streamtunnel.go): a WebSocket whose
//    subprotocol `SPDY/3.1+portforward.k8s.io` is kubelet's SPDY protocol with a prefix;
//  - kubelet's own upgrade (httpstream.Handshake, then spdy.UpgradeResponse): 101 with
//    `Upgrade: SPDY/3.1` and the negotiated `X-Stream-Protocol-Version`.
// Refusals come from kubelet, relayed by the apiserver byte for byte.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StreamRequest } from '../../api/context.js';
import { servePortForwardStreams, type ForwardOne } from './portForwardStreams.js';
import { socketTransport, webSocketTransport } from '../../../spdy/transport.js';

export const TUNNEL_PREFIX = 'SPDY/3.1+';
const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

export function isTunnelRequest(offered: string[]): boolean {
  return offered.some((p) => p.startsWith(TUNNEL_PREFIX) && p.endsWith('.k8s.io'));
}

export function serveTunnel(s: StreamRequest, offered: string[], forward: ForwardOne): void {
  const wanted = offered.filter((p) => p.startsWith(TUNNEL_PREFIX)).map((p) => p.slice(TUNNEL_PREFIX.length));
  if (!wanted.includes(PORT_FORWARD_PROTOCOL)) return refuseProtocols(s, wanted);
  upgradeWebSocket(s, TUNNEL_PREFIX + PORT_FORWARD_PROTOCOL, (ws) => void servePortForwardStreams(webSocketTransport(ws), forward));
}

export function serveSpdyUpgrade(s: StreamRequest, forward: ForwardOne): void {
  const wanted = headerList(s.req, 'x-stream-protocol-version');
  // Handshake returns this error without writing anything, so Go's server answers an empty 200.
  if (!wanted.length) return reply(s.socket, 200, '', {});
  if (!wanted.includes(PORT_FORWARD_PROTOCOL)) return refuseProtocols(s, wanted);
  if (!/spdy\/3\.1/i.test(s.req.headers.upgrade ?? '')) {
    return goHttpError(s.socket, 400, `unable to upgrade: missing upgrade headers in request: ${goHeaders(s.req)}`);
  }
  s.socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nDate: ${new Date().toUTCString()}\r\n` +
    `Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`);
  servePortForwardStreams(socketTransport(s.socket, s.head), forward);
}

// ws refuses `SPDY/3.1+portforward.k8s.io` as a subprotocol ('/' is no token character) with a
// 400, where gorilla/websocket takes it; so the choice is made here and ws never sees the header.
export function upgradeWebSocket(s: StreamRequest, protocol: string, serve: (ws: WebSocket) => void): void {
  delete s.req.headers['sec-websocket-protocol'];
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
  if (protocol) wss.on('headers', (headers) => headers.push(`Sec-WebSocket-Protocol: ${protocol}`));
  wss.handleUpgrade(s.req, s.socket, s.head, serve);
}

/** Handshake's refusal when no protocol is shared. */
function refuseProtocols(s: StreamRequest, wanted: string[]): void {
  goHttpError(s.socket, 403,
    `unable to upgrade: unable to negotiate protocol: client supports [${wanted.join(' ')}], server accepts [${PORT_FORWARD_PROTOCOL}]`,
    { 'X-Accepted-Stream-Protocol-Versions': PORT_FORWARD_PROTOCOL });
}

/** A header's comma-separated values, over all its lines. */
export function headerList(req: IncomingMessage, name: string): string[] {
  const raw = req.headers[name];
  return (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Go's %#v of an http.Header, as kubelet prints it in the upgrade error. */
function goHeaders(req: IncomingMessage): string {
  const byName = new Map<string, string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase().replace(/(^|-)([a-z])/g, (m) => m.toUpperCase());
    byName.set(name, [...(byName.get(name) ?? []), req.rawHeaders[i + 1]!]);
  }
  const entries = [...byName].sort(([a], [b]) => (a < b ? -1 : 1));
  const value = (v: string[]) => `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  return `http.Header{${entries.map(([k, v]) => `${JSON.stringify(k)}:${value(v)}`).join(', ')}}`;
}

/** Go's http.Error: text/plain, nosniff, a trailing newline. */
function goHttpError(socket: Duplex, code: number, text: string, headers: Record<string, string> = {}): void {
  reply(socket, code, `${text}\n`, { 'X-Content-Type-Options': 'nosniff', ...headers });
}

/** A whole plain-text response as Go's server writes it (headers sorted), then the end. */
export function reply(socket: Duplex, code: number, body: string, headers: Record<string, string>): void {
  const reason = ({ 200: 'OK', 400: 'Bad Request', 403: 'Forbidden' } as Record<number, string>)[code] ?? '';
  const all: Record<string, string> = {
    ...(body ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}),
    ...headers, Date: new Date().toUTCString(), 'Content-Length': String(Buffer.byteLength(body)),
  };
  const lines = Object.keys(all).sort().map((k) => `${k}: ${all[k]}\r\n`).join('');
  socket.end(`HTTP/1.1 ${code} ${reason}\r\n${lines}\r\n${body}`);
}
