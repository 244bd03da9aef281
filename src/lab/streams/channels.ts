// The remote-command channel protocols over WebSocket, as kubelet and apiserver speak them
// (k8s.io/apimachinery wsstream, kubelet cri/streaming/remotecommand): every message starts with
// its channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize), as a byte or, in the base64
// variants, as an ASCII digit before base64 data. v4+ write a metav1.Status JSON on the error
// channel; older ones write only a failure's text. v5 adds [255, channel]: "this stream is done".
import { goJson } from '../api/status.js';

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

export interface ChannelProtocol {
  name: string;
  base64: boolean;
  jsonStatus: boolean;
  closeSignal: boolean;
}

const proto = (name: string, base64: boolean, jsonStatus: boolean, closeSignal = false): ChannelProtocol =>
  ({ name, base64, jsonStatus, closeSignal });

// The kubelet's set ("" being a client that names none) plus v5, which current apiservers serve.
// No v2/v3 here: no kubelet ever accepted those over WebSocket, so a client that asks for them
// only gets them refused, as from a real cluster.
const PROTOCOLS = new Map<string, ChannelProtocol>([
  proto('v5.channel.k8s.io', false, true, true),
  proto('v4.channel.k8s.io', false, true),
  proto('v4.base64.channel.k8s.io', true, true),
  proto('channel.k8s.io', false, false),
  proto('base64.channel.k8s.io', true, false),
  proto('', false, false),
].map((p) => [p.name, p]));

/** Sec-WebSocket-Protocol values in the client's order, as `ws` splits them. */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : header ?? '';
  return joined.split(',').map((p) => p.trim()).filter(Boolean);
}

/** The first protocol the client offers that we speak (wsstream's handshake walks the client's list). */
export function pickProtocol(offered: readonly string[]): ChannelProtocol | undefined {
  if (offered.length === 0) return PROTOCOLS.get('');
  for (const name of offered) {
    const p = PROTOCOLS.get(name);
    if (p && name !== '') return p;
  }
  return undefined;
}

export function encodeFrame(p: ChannelProtocol, channel: number, data: Buffer): Buffer | string {
  if (p.base64) return String.fromCharCode(48 + channel) + data.toString('base64');
  const frame = Buffer.allocUnsafe(data.length + 1);
  frame[0] = channel;
  data.copy(frame, 1);
  return frame;
}

export type Incoming = { channel: number; data: Buffer } | { close: number } | undefined;

/** One client message; undefined for what wsstream skips (empty frames, bad base64 is dropped too). */
export function decodeFrame(p: ChannelProtocol, message: Buffer): Incoming {
  if (message.length === 0) return undefined;
  const first = message[0]!;
  if (p.closeSignal && first === CLOSE) return message.length === 2 ? { close: message[1]! } : undefined;
  if (!p.base64) return { channel: first, data: message.subarray(1) };
  const text = message.subarray(1).toString('latin1');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return { channel: first - 48, data: Buffer.from(text, 'base64') };
}

/** How an exec ended, in the terms the kubelet reports it. */
export type ExecOutcome =
  | { kind: 'success' }
  | { kind: 'exit'; code: number; argv: readonly string[] }
  | { kind: 'internal'; message: string };

interface WireStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

/**
 * The metav1.Status kubelet's ServeExec writes, as Go's json.Marshal of an untyped Status: no
 * kind/apiVersion, `metadata: {}` kept, a zero code left out. The exit message quotes the
 * runtime's error: containerd's `error executing command [argv], exit code N`.
 */
export function statusOf(outcome: ExecOutcome): WireStatus {
  if (outcome.kind === 'success') return { metadata: {}, status: 'Success' };
  if (outcome.kind === 'exit') {
    return {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: error executing command [${outcome.argv.join(' ')}], exit code ${outcome.code}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(outcome.code) }] },
    };
  }
  const cause = `error executing command in container: ${outcome.message}`;
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: { causes: [{ message: cause }] },
    code: 500,
  };
}

/** What goes on the error channel, or nothing (pre-v4 protocols say nothing on success). */
export function statusPayload(p: ChannelProtocol, outcome: ExecOutcome): Buffer | undefined {
  const status = statusOf(outcome);
  if (p.jsonStatus) return Buffer.from(goJson(status));
  return status.status === 'Success' ? undefined : Buffer.from(status.message!);
}

/** Resize events are a stream of JSON objects (Go's json.Decoder), which frames may split or join. */
export class ResizeDecoder {
  private pending = '';

  push(data: Buffer): { width: number; height: number }[] {
    this.pending += data.toString('utf8');
    const sizes: { width: number; height: number }[] = [];
    let consumed = 0;
    for (const m of this.pending.matchAll(/\{[^{}]*\}/g)) {
      consumed = m.index! + m[0].length;
      try {
        const v = JSON.parse(m[0]) as { Width?: unknown; Height?: unknown };
        sizes.push({ width: Number(v.Width) || 0, height: Number(v.Height) || 0 });
      } catch {
        // The kubelet's decoder stops at garbage; the session goes on without resizes.
      }
    }
    this.pending = this.pending.slice(consumed);
    if (this.pending.length > 4096) this.pending = '';
    return sizes;
  }
}
