// What exec and port-forward need from whatever runs the pods: start a process in a container
// of a pod, and open a TCP connection to a port on the pod's own localhost. The lab's real
// runtime does this inside the pod's network namespace; tests may pass a host-only double.
import type { Duplex, Readable, Writable } from 'node:stream';
import type { KubeObject } from '../store/kubeObject.js';

export interface ExecProcess {
  stdin: Writable | null;
  stdout: Readable;
  stderr: Readable;
  /** Terminal size change (only meaningful with tty). */
  resize?(cols: number, rows: number): void;
  /** Stop the process and everything it started (the exec's session ended). */
  kill(): void;
  /** Resolves when the process has exited; `code` null when killed by a signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * A failure before the process starts (no such tool in the image), in runc's words; the exec
 * handler reports it as containerd does, as an InternalError Status (exitCode is what Docker would give).
 */
export interface ExecStartError {
  message: string;
  exitCode: number;
}

export interface ExecOptions {
  tty: boolean;
  stdin: boolean;
}

export interface PodStreamRuntime {
  exec(pod: KubeObject, container: string, argv: string[], opts: ExecOptions): Promise<ExecProcess | ExecStartError>;
  /** A connection to 127.0.0.1:port inside the pod, as the kubelet's port-forward makes it. */
  dial(pod: KubeObject, port: number): Promise<Duplex>;
}

export function isStartError(r: ExecProcess | ExecStartError): r is ExecStartError {
  return typeof (r as ExecStartError).exitCode === 'number' && !(r as ExecProcess).stdout;
}
