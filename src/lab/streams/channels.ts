// The remote-command channel protocols over WebSocket, as kubelet and apiserver speak them
// (k8s.io/apimachinery wsstream, kubelet cri/streaming/remotecommand): every message starts with
// its channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize), as a byte or, in the base64
// variants, as an ASCII digit before base64 data. v4+ write a metav1.Status JSON on the error
// channel; older ones write only a failure's text. v5 adds [255, channel]: "this stream is done".
//
// Two servers speak these. A v4-or-older WebSocket goes through the apiserver to the kubelet's
// own WebSocket server. A v5 one is served by the apiserver itself (1.30+, "stream translator"),
// which upgrades first and then runs the exec against the kubelet over SPDY, so the kubelet's
// refusals and statuses reach the client re-worded, on the error channel.
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
  /** v5: the [255, channel] close signal, and the apiserver's translator serving it. */
  translated: boolean;
}

const proto = (name: string, base64: boolean, jsonStatus: boolean, translated = false): ChannelProtocol =>
  ({ name, base64, jsonStatus, translated });

/** The translator speaks nothing else; any WebSocket exec that offers it, wherever in the list, gets it. */
export const V5 = proto('v5.channel.k8s.io', false, true, true);

// The kubelet's WebSocket set ("" being a client that names none). No v2/v3: no kubelet ever
// took those over WebSocket, so a client asking only for them is refused, as by a real cluster.
const KUBELET_PROTOCOLS = new Map<string, ChannelProtocol>([
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

/** The kubelet's pick: the first the client offers that it speaks (wsstream's handshake walks the client's list). */
export function kubeletProtocol(offered: readonly string[]): ChannelProtocol | undefined {
  if (offered.length === 0) return KUBELET_PROTOCOLS.get('');
  for (const name of offered) {
    const p = KUBELET_PROTOCOLS.get(name);
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
  if (p.translated && first === CLOSE) return message.length === 2 ? { close: message[1]! } : undefined;
  if (!p.base64) return { channel: first, data: message.subarray(1) };
  const text = message.subarray(1).toString('latin1');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return { channel: first - 48, data: Buffer.from(text, 'base64') };
}

/** How an exec ended, in the terms the kubelet reports it. */
export type ExecOutcome =
  | { kind: 'success' }
  | { kind: 'exit'; code: number; argv: readonly string[] }
  /** The kubelet's InternalError: the runtime could not run the command. */
  | { kind: 'internal'; message: string }
  /** The kubelet's plain-text refusal before any upgrade; only the translator turns it into a status. */
  | { kind: 'refused'; text: string };

interface WireStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

const success = (): WireStatus => ({ metadata: {}, status: 'Success' });
const exitStatus = (code: number, message: string): WireStatus => ({
  metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: ${message}`,
  reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
});
// apierrors.NewInternalError(err)
const internalError = (err: string): WireStatus => ({
  metadata: {}, status: 'Failure', message: `Internal error occurred: ${err}`, reason: 'InternalError', details: { causes: [{ message: err }] }, code: 500,
});

/**
 * The metav1.Status on the error channel, as Go's json.Marshal writes an untyped Status: no
 * kind/apiVersion, `metadata: {}` kept, a zero code left out. The kubelet quotes containerd's
 * `error executing command [argv], exit code N`; the translator only has client-go's decoding of
 * that (`command terminated with exit code N`, or the kubelet's message as a plain error, which
 * it wraps as an InternalError once more).
 */
export function statusOf(outcome: ExecOutcome, translated: boolean): WireStatus {
  switch (outcome.kind) {
    case 'success':
      return success();
    case 'exit':
      return exitStatus(outcome.code, translated
        ? `command terminated with exit code ${outcome.code}`
        : `error executing command [${outcome.argv.join(' ')}], exit code ${outcome.code}`);
    case 'internal': {
      const kubelet = internalError(`error executing command in container: ${outcome.message}`);
      return translated ? internalError(kubelet.message!) : kubelet;
    }
    case 'refused':
      // client-go's SPDY upgrade failure, for a body that is not a Status.
      return internalError(`unable to upgrade connection: ${outcome.text}`);
  }
}

/** What goes on the error channel, or nothing (pre-v4 protocols say nothing on success). */
export function statusPayload(p: ChannelProtocol, outcome: ExecOutcome): Buffer | undefined {
  const status = statusOf(outcome, p.translated);
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
