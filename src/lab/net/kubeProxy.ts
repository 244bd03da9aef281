// kube-proxy for the lab, in iptables mode: each node namespace DNATs a Service's ClusterIP:port
// to its ready endpoints (spread at random, as kube-proxy's statistic rules do), masquerades
// the result so replies come back through the node, and rejects ports without endpoints.
// NodePorts open on each node's loopback InternalIP in the host namespace and reach an
// endpoint through the pod's own agent, so `minikube service --url`-style URLs work from the host.
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ObjectStore } from '../store/objectStore.js';
import type { KubeObject } from '../store/kubeObject.js';
import type { PodStreamRuntime } from '../streams/runtime.js';
import { run } from './command.js';
import { internalIP } from '../cluster/kubelet.js';

type Json = Record<string, unknown>;

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

interface Backend {
  ip: string;
  port: number;
  pod: { namespace: string; name: string };
}

interface ServicePortRule {
  clusterIP: string;
  port: number;
  protocol: string;
  nodePort?: number;
  backends: Backend[];
}

export class KubeProxy {
  private scheduled = false;
  private unsubscribe: () => void = () => {};
  private readonly nodePorts = new Map<string, Server>();
  private rules: ServicePortRule[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private readonly forwarded = new Set<Duplex>();
  private stopped = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly nodeNamespaces: () => string[],
    private readonly runtime: PodStreamRuntime,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = this.store.subscribe((c) => {
      if (c.resource === 'services' || c.resource === 'endpointslices') this.schedule();
    });
    await this.sync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await this.syncing.catch(() => {});
    // A server's close waits for its connections; end them, or an idle client would hold the lab open.
    for (const s of this.forwarded) s.destroy();
    for (const server of this.nodePorts.values()) server.close();
    this.nodePorts.clear();
  }

  /** Resolves once the rules reflect the store as it is now. */
  settled(): Promise<void> {
    return this.syncing;
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.sync();
    });
  }

  private sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      if (this.stopped) return;
      this.rules = servicePortRules(this.store);
      const text = iptablesRules(this.rules);
      await Promise.all(this.nodeNamespaces().map((ns) => run('ip', ['netns', 'exec', ns, 'iptables-restore'], text)));
      await this.syncNodePorts();
    }).catch((e) => {
      process.stderr.write(`lab: kube-proxy sync failed: ${(e as Error).message}\n`);
    });
    return this.syncing;
  }

  private async syncNodePorts(): Promise<void> {
    const wanted = new Set<string>();
    const nodeIPs = this.store.list('nodes').map(internalIP).filter(Boolean);
    for (const r of this.rules) {
      if (!r.nodePort || r.protocol !== 'TCP') continue;
      for (const ip of nodeIPs) wanted.add(`${ip}:${r.nodePort}`);
    }
    for (const [key, server] of this.nodePorts) {
      if (!wanted.has(key)) {
        server.close();
        this.nodePorts.delete(key);
      }
    }
    for (const key of wanted) {
      if (this.nodePorts.has(key)) continue;
      const [host, port] = key.split(':') as [string, string];
      const server = createServer((socket) => this.forwardNodePort(Number(port), socket));
      await new Promise<void>((ok) => {
        server.once('error', (e) => {
          process.stderr.write(`lab: NodePort ${key} not opened: ${e.message}\n`);
          ok();
        });
        server.listen(Number(port), host, () => ok());
      });
      if (server.listening) this.nodePorts.set(key, server);
    }
  }

  private forwardNodePort(nodePort: number, socket: Socket): void {
    socket.on('error', () => {});
    this.forwarded.add(socket);
    socket.on('close', () => this.forwarded.delete(socket));
    const rule = this.rules.find((r) => r.nodePort === nodePort && r.backends.length);
    const backend = rule?.backends[Math.floor(Math.random() * rule.backends.length)];
    const pod = backend && this.store.get('pods', backend.pod.namespace, backend.pod.name);
    if (!backend || !pod) return void socket.destroy();
    this.runtime.dial(pod, backend.port).then(
      (upstream) => {
        this.forwarded.add(upstream);
        upstream.on('close', () => this.forwarded.delete(upstream));
        upstream.on('error', () => socket.destroy());
        socket.on('close', () => upstream.destroy());
        socket.pipe(upstream).pipe(socket);
      },
      () => socket.destroy(),
    );
  }
}

export function servicePortRules(store: ObjectStore): ServicePortRule[] {
  const out: ServicePortRule[] = [];
  for (const svc of store.list('services')) {
    const spec = svc.spec as Json;
    // Only well-formed values reach iptables-restore: one bad line would fail every Service's rules.
    if (!IPV4.test(String(spec.clusterIP))) continue;
    const slices = store.list('endpointslices', svc.metadata.namespace)
      .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
    for (const p of (spec.ports as Json[]) ?? []) {
      const name = String(p.name ?? '');
      const protocol = String(p.protocol ?? 'TCP');
      if (!PROTOCOLS.has(protocol) || !Number.isInteger(Number(p.port))) continue;
      out.push({
        clusterIP: String(spec.clusterIP), port: Number(p.port), protocol,
        ...(p.nodePort ? { nodePort: Number(p.nodePort) } : {}),
        backends: slices.flatMap((s) => backendsOf(s, name, protocol)),
      });
    }
  }
  return out;
}

function backendsOf(slice: KubeObject, portName: string, protocol: string): Backend[] {
  const port = ((slice.ports as Json[]) ?? []).find((p) => String(p.name ?? '') === portName && (p.protocol ?? 'TCP') === protocol);
  if (!port) return [];
  return ((slice.endpoints as Json[]) ?? [])
    .filter((e) => (e.conditions as Json)?.ready !== false && e.targetRef)
    .flatMap((e) => ((e.addresses as string[] | undefined) ?? []).filter((ip) => IPV4.test(ip)).map((ip) => {
      const ref = e.targetRef as { namespace: string; name: string };
      return { ip, port: Number(port.port), pod: { namespace: ref.namespace, name: ref.name } };
    }));
}

export function iptablesRules(rules: ServicePortRule[]): string {
  const nat = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]',
    ':PODNET-SERVICES - [0:0]', '-A PREROUTING -j PODNET-SERVICES', '-A OUTPUT -j PODNET-SERVICES',
    '-A POSTROUTING -m conntrack --ctstate DNAT -j MASQUERADE'];
  const filter = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (const r of rules) {
    const proto = r.protocol.toLowerCase();
    const match = `-d ${r.clusterIP}/32 -p ${proto} -m ${proto} --dport ${r.port}`;
    if (!r.backends.length) {
      filter.push(`-A FORWARD ${match} -j REJECT --reject-with icmp-port-unreachable`);
      continue;
    }
    r.backends.forEach((b, i) => {
      const left = r.backends.length - i;
      const statistic = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(11)}` : '';
      nat.push(`-A PODNET-SERVICES ${match}${statistic} -j DNAT --to-destination ${b.ip}:${b.port}`);
    });
  }
  return `${[...nat, 'COMMIT', ...filter, 'COMMIT'].join('\n')}\n`;
}
