// The port-forward manager: a local listener per forward, each local connection a pair of streams
// on the pod's one SPDY tunnel (src/kube/portForward.ts), live counters, and the pod each forward goes to, kept
// current from watches (src/forward/namespaceWatch.ts) so a forward follows its pod through a
// restart or a controller's replacement, and a Service forward moves between ready endpoints.
import type { Server, Socket } from 'node:net';
import { PodnetError } from '../errors.js';
import { checkPodPort, forwardConnection, ForwardOpenError } from '../kube/portForward.js';
import { ApiError, getJson } from '../kube/request.js';
import { classify } from '../kube/kubeErrors.js';
import type { Session } from '../kube/session.js';
import { cleanText } from '../state/sanitize.js';
import { chooseEndpoint, choosePod, findServicePort, identityLabels, type PodInfo, type ServiceInfo, type ServicePortInfo } from './follow.js';
import { closeServer, listenLocal, ListenError } from './listen.js';
import { NamespaceWatch } from './namespaceWatch.js';
import type { ForwardManager, ForwardSpec, ForwardState, ForwardView } from './types.js';
import { podInfo, serviceInfo, type PodJson, type ServiceJson } from './views.js';

export interface ManagerOptions {
  /** Counter notifications at most this often (state changes are immediate). */
  notifyMs?: number;
  /** How often each forward asks the API server whether its target is still there. */
  healthMs?: number;
  /** How long a new local connection waits for a pod while the forward is reconnecting. */
  connectWaitMs?: number;
}

export interface StartOptions {
  /** Open one forwarded connection first and fail when nothing listens on the pod port (default true). */
  verify?: boolean;
}

/** A forward's own event, for a log line (the CLI prints them): one sentence each, sanitized. */
export interface ForwardEvent {
  id: string;
  kind: 'moved' | 'reconnecting' | 'active' | 'connection-error' | 'failed';
  message: string;
}

export interface PodnetForwardManager extends ForwardManager {
  start(spec: ForwardSpec, opts?: StartOptions): Promise<ForwardView>;
  /** Marks a forward as saved (the caller keeps the file; see saved.ts). */
  setSaved(id: string, saved: boolean): void;
  onEvent(listener: (e: ForwardEvent) => void): () => void;
}

const SYNC_WAIT_MS = 10_000;

export function createForwardManager(session: Session, opts: ManagerOptions = {}): PodnetForwardManager {
  return new Manager(session, opts);
}

interface Pending {
  socket: Socket;
  deadline: number;
}

class Manager implements PodnetForwardManager {
  private readonly forwards = new Map<string, Forward>();
  private readonly watches = new Map<string, NamespaceWatch>();
  private readonly listeners = new Set<(views: ForwardView[]) => void>();
  private readonly eventListeners = new Set<(e: ForwardEvent) => void>();
  private nextId = 1;
  private notifyTimer: NodeJS.Timeout | undefined;
  private notifyQueued = false;
  readonly notifyMs: number;
  readonly healthMs: number;
  readonly connectWaitMs: number;

  constructor(readonly session: Session, o: ManagerOptions) {
    this.notifyMs = o.notifyMs ?? 250;
    this.healthMs = o.healthMs ?? 5000;
    this.connectWaitMs = o.connectWaitMs ?? 20_000;
  }

  async start(spec: ForwardSpec, opts: StartOptions = {}): Promise<ForwardView> {
    const id = `fwd-${this.nextId++}`;
    const watch = this.watchFor(spec.target.namespace);
    const f = new Forward(this, id, spec, watch);
    this.forwards.set(id, f);
    // Listed at once as `starting`, so the pane shows it while the port is bound and checked.
    this.notify(true);
    try {
      await f.open(opts.verify ?? true);
    } catch (e) {
      this.forwards.delete(id);
      await f.close();
      this.release(watch);
      this.notify(true);
      throw e;
    }
    this.notify(true);
    return f.view();
  }

  async stop(id: string): Promise<void> {
    const f = this.forwards.get(id);
    if (!f) return;
    await f.close();
    this.notify(true);
    this.forwards.delete(id);
    this.release(f.watch);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.forwards.keys()].map((id) => this.stop(id)));
    clearTimeout(this.notifyTimer);
  }

  list(): ForwardView[] {
    return [...this.forwards.values()].map((f) => f.view());
  }

  subscribe(listener: (views: ForwardView[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onEvent(listener: (e: ForwardEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  setSaved(id: string, saved: boolean): void {
    const f = this.forwards.get(id);
    if (f && f.saved !== saved) {
      f.saved = saved;
      this.notify(true);
    }
  }

  event(e: ForwardEvent): void {
    for (const l of [...this.eventListeners]) l(e);
  }

  /** `now`: a state change, told at once (in a microtask, so one burst is one notification). */
  notify(now: boolean): void {
    if (now) {
      clearTimeout(this.notifyTimer);
      this.notifyTimer = undefined;
      if (this.notifyQueued) return;
      this.notifyQueued = true;
      queueMicrotask(() => {
        this.notifyQueued = false;
        this.emit();
      });
    } else if (!this.notifyTimer && !this.notifyQueued) {
      this.notifyTimer = setTimeout(() => {
        this.notifyTimer = undefined;
        this.emit();
      }, this.notifyMs);
      this.notifyTimer.unref();
    }
  }

  private emit(): void {
    const views = this.list();
    for (const l of [...this.listeners]) l(views);
  }

  private watchFor(namespace: string): NamespaceWatch {
    let w = this.watches.get(namespace);
    if (!w) {
      w = new NamespaceWatch(this.session, namespace);
      this.watches.set(namespace, w);
    }
    return w;
  }

  private release(watch: NamespaceWatch): void {
    if (!watch.idle || [...this.forwards.values()].some((f) => f.watch === watch)) return;
    watch.stop();
    this.watches.delete(watch.namespace);
  }
}

class Forward {
  state: ForwardState = 'starting';
  saved = false;
  private server: Server | undefined;
  private localPort: number | null = null;
  private current: { pod: PodInfo; port: number } | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Set<Pending>();
  private bytesIn = 0;
  private bytesOut = 0;
  private message: string | null = null;
  /** A pod target's identity labels, as first seen: a pod with the same ones may replace it. */
  private labels: Record<string, string> = {};
  private service: ServiceInfo | null = null;
  private servicePort: ServicePortInfo | null = null;
  private apiLost: string | null = null;
  private forbidden: string | null = null;
  private unsubscribe: () => void = () => {};
  private healthTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly m: Manager, readonly id: string, readonly spec: ForwardSpec, readonly watch: NamespaceWatch) {}

  private get kc() {
    return this.m.session.kc;
  }

  private get targetText(): string {
    const t = this.spec.target;
    return t.kind === 'pod' ? `pod ${t.namespace}/${t.name}` : `Service ${t.namespace}/${t.name}`;
  }

  async open(verify: boolean): Promise<void> {
    const t = this.spec.target;
    if (t.kind === 'pod') {
      const pod = podInfo(await this.get<PodJson>(`/api/v1/namespaces/${t.namespace}/pods/${t.name}`, 'pods'));
      this.labels = identityLabels(pod.labels);
      this.watch.pods.set(pod.name, this.watch.pods.get(pod.name) ?? pod);
    } else {
      await this.loadService();
      this.watch.watchSlices();
      await this.watch.whenSynced('slices', SYNC_WAIT_MS);
    }
    await this.watch.whenSynced('pods', SYNC_WAIT_MS);
    this.unsubscribe = this.watch.subscribe(() => this.follow());
    this.follow();
    try {
      const { server, port } = await listenLocal(this.spec.address, this.spec.localPort, this.spec.remotePort, (s) => this.accept(s));
      if (this.closed) {
        await closeServer(server);
        return;
      }
      this.server = server;
      this.localPort = port;
    } catch (e) {
      throw e instanceof ListenError ? new PodnetError(e.message, 2) : e;
    }
    if (verify && this.current) await this.verify(this.current);
    this.updateState();
    this.healthTimer = setInterval(() => void this.health(), this.m.healthMs);
    this.healthTimer.unref();
  }

  private async get<T>(path: string, resource: string): Promise<T> {
    const t = this.spec.target;
    try {
      return await getJson<T>(this.kc, path, { timeoutMs: 15_000 });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        const kind = resource === 'pods' ? 'pod' : 'Service';
        throw new PodnetError(`There is no ${kind} "${t.name}" in namespace "${t.namespace}".`, 2,
          resource === 'pods' ? `kubectl get pods -n ${t.namespace}` : `kubectl get services -n ${t.namespace}`);
      }
      const f = classify(e, { verb: 'get', resource, namespace: t.namespace, name: t.name }, this.m.session.failure);
      throw new PodnetError(f.message, 2, f.hint);
    }
  }

  private async loadService(): Promise<void> {
    const t = this.spec.target;
    const svc = serviceInfo(await this.get<ServiceJson>(`/api/v1/namespaces/${t.namespace}/services/${t.name}`, 'services'));
    const port = findServicePort(svc, this.spec.remotePort);
    if (!port) {
      const has = svc.ports.map((p) => `${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'none';
      throw new PodnetError(`Service ${t.namespace}/${cleanText(t.name)} has no TCP port ${this.spec.remotePort}; its ports: ${cleanText(has)}.`, 2);
    }
    if (Object.keys(svc.selector).length === 0) {
      throw new PodnetError(`Service ${t.namespace}/${cleanText(t.name)} has no selector, so it has no pods to forward to; forward to one of its endpoints' pods instead.`, 2);
    }
    this.service = svc;
    this.servicePort = port;
  }

  private async verify(choice: { pod: PodInfo; port: number }): Promise<void> {
    const t = this.spec.target;
    let refusal: string | null;
    try {
      refusal = await checkPodPort(this.kc, { namespace: t.namespace, pod: choice.pod.name, port: choice.port, uid: choice.pod.uid });
    } catch (e) {
      throw new PodnetError(this.openFailure(e, choice.pod.name), 2);
    }
    if (refusal !== null) {
      const why = /connect: ([a-z ]+?)(?: IPv6|$)/.exec(refusal)?.[1] ?? refusal;
      throw new PodnetError(`Nothing listens on port ${choice.port} of pod ${t.namespace}/${choice.pod.name}: ${why}; forward a port the pod serves.`, 2,
        choice.pod.ports.length ? `its declared ports: ${choice.pod.ports.map((p) => p.port).join(', ')}` : undefined);
    }
  }

  /** One sentence for a WebSocket the API server would not open. */
  private openFailure(e: unknown, pod: string): string {
    const t = this.spec.target;
    const status = e instanceof ForwardOpenError ? e.status : undefined;
    const what = `Cannot forward to pod ${t.namespace}/${pod}`;
    const user = this.m.session.user;
    if (status === 403) return `${what}: user "${user}" is forbidden to create pods/portforward there (403 Forbidden).`;
    if (status === 401) return `${what}: the API server rejected the credentials of user "${user}" (401 Unauthorized).`;
    if (status === 404) return `${what}: the pod is gone (404 Not Found).`;
    if (status !== undefined) return `${what}: the API server answered ${status}.`;
    const f = classify(e, { verb: 'get', resource: 'pods/portforward', namespace: t.namespace, name: pod }, this.m.session.failure);
    return f.kind === 'unreachable' || f.kind === 'tls' ? f.message : `${what}: ${cleanText((e as Error)?.message ?? String(e))}.`;
  }

  /** Recomputes the pod to go to from the watches; moves, and says so, when it changed. */
  private follow(): void {
    if (this.closed) return;
    const t = this.spec.target;
    let next: { pod: PodInfo; port: number } | null = null;
    if (t.kind === 'pod') {
      const pod = choosePod(this.watch.pods.values(), t.name, this.labels, this.current?.pod.name ?? null);
      next = pod ? { pod, port: this.spec.remotePort } : null;
    } else if (this.servicePort) {
      const endpoints = [...this.watch.slices.values()].filter((s) => s.service === t.name).flatMap((s) => s.endpoints);
      next = chooseEndpoint(this.servicePort, endpoints, this.watch.pods, this.current?.pod.name ?? null);
    }
    const before = this.current;
    const moved = (before?.pod.uid ?? null) !== (next?.pod.uid ?? null) || before?.pod.ip !== next?.pod.ip || before?.port !== next?.port;
    this.current = next;
    if (moved && before && next && this.state !== 'starting') {
      this.m.event({ id: this.id, kind: 'moved', message: `now forwarding to pod ${t.namespace}/${cleanText(next.pod.name)} (${next.pod.ip}) port ${next.port}` });
    }
    this.updateState();
    if (next) this.drainPending();
  }

  private updateState(): void {
    let state: ForwardState;
    let message: string | null = null;
    if (this.closed) state = 'stopped';
    else if (!this.server) state = 'starting';
    else if (this.apiLost) [state, message] = ['reconnecting', this.apiLost];
    else if (this.forbidden) [state, message] = ['failed', this.forbidden];
    else if (this.current) state = 'active';
    else [state, message] = ['reconnecting', this.watch.error ?? this.waitingSentence()];
    if (state === this.state && message === this.message) return;
    const was = this.state;
    this.state = state;
    this.message = message;
    this.m.notify(true);
    if (was === 'starting' || state === 'stopped') return;
    if (state === 'reconnecting' && message) this.m.event({ id: this.id, kind: 'reconnecting', message });
    else if (state === 'failed' && message) this.m.event({ id: this.id, kind: 'failed', message });
    else if (state === 'active' && was !== 'active') {
      const c = this.current!;
      this.m.event({ id: this.id, kind: 'active', message: `forwarding to pod ${this.spec.target.namespace}/${cleanText(c.pod.name)} (${c.pod.ip}) port ${c.port} again` });
    }
  }

  private waitingSentence(): string {
    const t = this.spec.target;
    if (t.kind === 'service') return `Service ${t.namespace}/${cleanText(t.name)} has no ready endpoint pod; new connections wait for one.`;
    const pod = this.watch.pods.get(t.name);
    const why = pod ? `is ${cleanText(pod.phase) || 'not ready'}${pod.phase === 'Running' ? ' but not ready' : ''}` : 'is gone';
    const twins = Object.keys(this.labels).length ? ' or a pod with the same labels' : '';
    return `pod ${t.namespace}/${cleanText(t.name)} ${why}; new connections wait for it${twins} to be ready.`;
  }

  private accept(socket: Socket): void {
    socket.on('error', () => {});
    if (this.closed) return void socket.destroy();
    this.sockets.add(socket);
    this.m.notify(false);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.m.notify(false);
    });
    if (this.current) void this.connect(socket, Date.now() + this.m.connectWaitMs);
    else this.pending.add({ socket, deadline: Date.now() + this.m.connectWaitMs });
    this.schedulePendingExpiry();
  }

  private expiryTimer: NodeJS.Timeout | undefined;

  private schedulePendingExpiry(): void {
    if (this.expiryTimer || this.pending.size === 0) return;
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      const now = Date.now();
      for (const p of this.pending) {
        if (p.deadline <= now || p.socket.destroyed) {
          this.pending.delete(p);
          p.socket.destroy();
        }
      }
      this.schedulePendingExpiry();
    }, 500);
    this.expiryTimer.unref();
  }

  private drainPending(): void {
    for (const p of [...this.pending]) {
      this.pending.delete(p);
      if (!p.socket.destroyed) void this.connect(p.socket, p.deadline);
    }
  }

  private async connect(socket: Socket, deadline: number): Promise<void> {
    const choice = this.current;
    if (!choice) return void this.pending.add({ socket, deadline });
    const t = this.spec.target;
    try {
      await forwardConnection(this.kc, { namespace: t.namespace, pod: choice.pod.name, port: choice.port, uid: choice.pod.uid }, socket, {
        onBytesIn: (n) => {
          this.bytesIn += n;
          this.m.notify(false);
        },
        onBytesOut: (n) => {
          this.bytesOut += n;
          this.m.notify(false);
        },
        onPodError: (text) => {
          const why = /connect: ([a-z ]+?)(?: IPv6|$)/.exec(text)?.[1];
          this.m.event({ id: this.id, kind: 'connection-error', message: why
            ? `a connection to pod ${t.namespace}/${cleanText(choice.pod.name)} port ${choice.port} failed: ${why}`
            : `a connection to pod ${t.namespace}/${cleanText(choice.pod.name)} port ${choice.port} failed: ${text}` });
        },
      });
      if (this.apiLost || this.forbidden) {
        this.apiLost = null;
        this.forbidden = null;
        this.updateState();
      }
      if (this.closed) socket.destroy();
    } catch (e) {
      if (this.closed || socket.destroyed) return void socket.destroy();
      const status = e instanceof ForwardOpenError ? e.status : undefined;
      if (status === 401 || status === 403) {
        this.forbidden = this.openFailure(e, choice.pod.name);
        this.updateState();
        return void socket.destroy();
      }
      if (Date.now() > deadline) {
        this.m.event({ id: this.id, kind: 'connection-error', message: this.openFailure(e, choice.pod.name) });
        return void socket.destroy();
      }
      // The pod went away under us, or the API server is restarting: the watch will say where
      // to go next; until then the connection waits (its first bytes stay in the kernel).
      if (status === undefined) {
        this.apiLost = this.openFailure(e, choice.pod.name).replace(/\.$/, '; new connections wait for it.');
        this.updateState();
      }
      await new Promise((r) => setTimeout(r, 200));
      if (this.current && this.current.pod.uid === choice.pod.uid && status !== undefined) {
        // Still the same pod by the watches' account: ask again, a little later.
        await new Promise((r) => setTimeout(r, 300));
      }
      if (!socket.destroyed) void this.connect(socket, deadline);
    }
  }

  /** Asks the API server whether the target is still there; says so when it cannot be reached. */
  private async health(): Promise<void> {
    if (this.closed) return;
    const t = this.spec.target;
    const path = t.kind === 'pod'
      ? `/api/v1/namespaces/${t.namespace}/pods/${this.current?.pod.name ?? t.name}`
      : `/api/v1/namespaces/${t.namespace}/services/${t.name}`;
    try {
      const obj = await getJson<PodJson & ServiceJson>(this.kc, path, { timeoutMs: Math.max(1000, this.m.healthMs - 500) });
      if (t.kind === 'service') {
        const svc = serviceInfo(obj);
        this.service = svc;
        this.servicePort = findServicePort(svc, this.spec.remotePort) ?? this.servicePort;
      } else if (this.current && podInfo(obj).uid !== this.current.pod.uid) {
        // The watch has not told yet (a stalled watch): correct from what the API server said.
        this.watch.pods.set(t.name, podInfo(obj));
      }
      if (this.apiLost) this.apiLost = null;
      this.follow();
    } catch (e) {
      if (this.closed) return;
      if (e instanceof ApiError && e.status === 404) {
        if (t.kind === 'pod' && this.current) this.watch.pods.delete(this.current.pod.name);
        if (this.apiLost) this.apiLost = null;
        this.follow();
        return;
      }
      const f = classify(e, { verb: 'get', resource: t.kind === 'pod' ? 'pods' : 'services', namespace: t.namespace, name: t.name }, this.m.session.failure);
      if (f.kind === 'unreachable' || f.kind === 'tls' || f.kind === 'other') {
        this.apiLost = `${f.message.replace(/\.$/, '')}; new connections wait for it.`;
        this.updateState();
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.healthTimer);
    clearTimeout(this.expiryTimer);
    for (const p of this.pending) p.socket.destroy();
    this.pending.clear();
    for (const s of this.sockets) s.destroy();
    if (this.server) await closeServer(this.server);
    this.updateState();
  }

  view(): ForwardView {
    return {
      id: this.id,
      spec: this.spec,
      state: this.state,
      localPort: this.localPort,
      pod: this.current ? { namespace: this.spec.target.namespace, name: this.current.pod.name, ip: this.current.pod.ip } : null,
      podPort: this.current?.port ?? null,
      connections: this.sockets.size,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      message: this.message,
      saved: this.saved,
    };
  }
}
