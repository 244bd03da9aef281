// The contract between the port-forward manager (src/forward, owned by the forward engine) and its
// users: the explorer's SERVICES & FORWARDS pane (through src/effects) and `podnet forward`.
// Types only here.

export type ForwardTarget =
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'service'; namespace: string; name: string };

export type ForwardState = 'starting' | 'active' | 'reconnecting' | 'failed' | 'stopped';

export interface ForwardSpec {
  target: ForwardTarget;
  /** The port on the pod (or the Service's port, resolved to the endpoint's targetPort). */
  remotePort: number;
  /** 0 = the remote number when free, else any free port. */
  localPort: number;
  /** 127.0.0.1 unless the user asked for another address explicitly. */
  address: string;
}

export interface ForwardView {
  id: string;
  spec: ForwardSpec;
  state: ForwardState;
  /** The port actually bound (known once listening). */
  localPort: number | null;
  /** The pod the forward currently goes to (follows restarts and Service endpoints). */
  pod: { namespace: string; name: string; ip: string } | null;
  /** The pod port the forward currently reaches (a Service port resolved to its targetPort). */
  podPort: number | null;
  connections: number;
  bytesIn: number;
  bytesOut: number;
  /** One sentence when failed or reconnecting. */
  message: string | null;
  saved: boolean;
}

export interface ForwardManager {
  /** Starts listening; resolves once bound (or rejects with one sentence: port in use, no such pod...). */
  start(spec: ForwardSpec): Promise<ForwardView>;
  stop(id: string): Promise<void>;
  stopAll(): Promise<void>;
  list(): ForwardView[];
  /** Called on every state or counter change (counters at most a few times a second). */
  subscribe(listener: (views: ForwardView[]) => void): () => void;
}
