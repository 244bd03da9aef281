// The contract between the probe engine (exec + tool detection + parsers) and its two users, the
// console (src/effects) and `podnet probe` (src/cli). Types only here; the implementation lives
// in src/probe/run*.ts and src/kube/*, owned by the probe engine.
import type { ProbeEvent, ProbeResult } from './index.js';
import type { ProbeKind, ToolId } from './types.js';

export type RunKind = ProbeKind | 'bandwidth';

export interface PodEnd {
  namespace: string;
  pod: string;
}

export interface ProbeRequest {
  kind: RunKind;
  /** The pod the probe runs in. */
  source: PodEnd;
  /** What to probe: a pod IP, a Service's ClusterIP, or a DNS name (for `dns`, the name to look up). */
  host: string;
  /** tcp and http (default 80); bandwidth (default 5201). */
  port?: number;
  /** http path, default "/". */
  path?: string;
  /** ping: replies to send; undefined = until stop(). */
  count?: number;
  intervalS?: number;
  timeoutS?: number;
  /** bandwidth: the pod whose iperf3 server is started for the test and stopped after. */
  targetPod?: PodEnd;
  /** bandwidth: seconds the client runs. */
  durationS?: number;
  /**
   * When the source has no tool for the kind: 'never' fails with `needsDebug`; 'use' adds (or
   * reuses) podnet's ephemeral debug container and probes from it.
   */
  debug: 'never' | 'use';
  /** The source's container to probe from; default: the pod's only (or first) container. */
  container?: string;
  /** --readonly: never add a debug container (refused before any request). */
  readonly?: boolean;
  /** The debug container's image (default nicolaka/netshoot). */
  debugImage?: string;
}

export interface BandwidthInterval {
  startS: number;
  endS: number;
  bytes: number;
  mbitPerS: number;
}

export interface BandwidthResult {
  ok: boolean;
  tool: string;
  intervals: BandwidthInterval[];
  sentMbitPerS: number | null;
  receivedMbitPerS: number | null;
  error: string | null;
}

export type RunEvent =
  /** Which tool runs, in which container of the source (a debug container's name when one was added). */
  | { type: 'tool'; tool: ToolId | 'iperf3'; container: string; note?: string }
  /** Progress on something slow (adding a debug container, starting the iperf3 server). */
  | { type: 'progress'; text: string }
  | { type: 'probe'; event: ProbeEvent }
  | { type: 'bandwidth'; interval: BandwidthInterval };

export type EndReason =
  | 'completed'
  /** stop() was called. */
  | 'stopped'
  /** The source or target pod was deleted or restarted, or the API stopped answering. */
  | 'source-gone'
  | 'target-gone'
  | 'api-lost'
  /** The source has no tool for this kind and debug was 'never' (or RBAC/--readonly forbids it). */
  | 'needs-debug'
  | 'failed';

export interface RunOutcome {
  reason: EndReason;
  /** The parser's result (what `probe --json` prints), when the tool ran. */
  result: ProbeResult | BandwidthResult | null;
  tool: ToolId | 'iperf3' | null;
  container: string | null;
  /** One readable sentence when reason is not completed/stopped. */
  message: string | null;
  /** The kind that actually ran: 'tcp' when a ping fell back to a TCP connect. */
  ranKind?: RunKind;
  /** Why another tool or kind ran than asked for (the fallback), as in the `tool` event. */
  note?: string;
  /**
   * For reason 'failed' or 'needs-debug': whether podnet could not run the probe at all
   * (permission, connection to the API, bad input) rather than the network failing it.
   */
  fault?: 'permission' | 'connection' | 'usage';
}

export interface ProbeRun {
  /** Ends the probe; nothing stays running in the pod afterwards. Idempotent. */
  stop(reason?: Extract<EndReason, 'stopped' | 'source-gone' | 'target-gone' | 'api-lost'>, message?: string): void;
  done: Promise<RunOutcome>;
}
