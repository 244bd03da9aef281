// What every request handler is given: the store, the users, the cluster's admission hooks,
// and the open watches (so that a fault can drop them all at once).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectStore } from '../store/objectStore.js';
import type { KubeObject } from '../store/kubeObject.js';
import type { LabUser } from './auth.js';
import type { ResourceDef } from './resources.js';

/** Thrown by admission to answer 422 Invalid with field causes, as validation does. */
export class InvalidObject extends Error {
  constructor(
    readonly kind: string,
    override readonly name: string,
    readonly causes: { type: string; field: string; detail: string; value?: unknown }[],
  ) {
    super(`${kind} "${name}" is invalid`);
  }
}

export interface Admission {
  /** Fill server defaults and validate a new object (throws InvalidObject). */
  create(def: ResourceDef, obj: KubeObject): KubeObject;
  /** Validate an update; may keep immutable fields from the old object. */
  update(def: ResourceDef, obj: KubeObject, old: KubeObject): KubeObject;
  /** Delete: returns false when the object goes away later (a pod whose kubelet must stop it). */
  delete(def: ResourceDef, obj: KubeObject, gracePeriodSeconds: number | undefined): boolean;
}

export interface StreamRequest {
  req: IncomingMessage;
  socket: import('node:stream').Duplex;
  head: Buffer;
  namespace: string;
  pod: KubeObject;
  subresource: 'exec' | 'portforward' | 'attach';
  query: URLSearchParams;
}

export interface ApiContext {
  store: ObjectStore;
  users: LabUser[];
  admission: Admission;
  clock: () => Date;
  version: Record<string, string>;
  serverAddress: () => string;
  /** Open watch responses; `drop-watches` ends them. */
  watches: Set<ServerResponse>;
  bookmarkIntervalMs: number;
  /** exec / portforward upgrades; absent until the lab's pods have networks. */
  streams?: (s: StreamRequest) => void;
}
