// The lab's networks, all inside namespaces it creates (the host's own namespace gets no
// address, route or rule): a router namespace; one namespace per node holding the node's
// bridge (its pod CIDR's first address) and a link to the router; one namespace per pod with
// eth0 on its node's bridge. Cross-node traffic goes pod -> node -> router -> node -> pod.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns, run } from './command.js';
import { intToIp, ipToInt } from '../cluster/ipPool.js';

export const SERVICE_CIDR = '10.96.0.0/12';

export interface NodeNet {
  name: string;
  ns: string;
  podCIDR: string;
  gateway: string;
}

export class LabNetwork {
  readonly router: string;
  private readonly nodes = new Map<string, NodeNet>();

  constructor(readonly prefix: string) {
    this.router = `${prefix}router`;
  }

  nodeNet(name: string): NodeNet | undefined {
    return this.nodes.get(name);
  }

  async createRouter(): Promise<void> {
    await addNamespace(this.router);
    await inNetns(this.router, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  }

  async addNode(name: string, podCIDR: string): Promise<NodeNet> {
    const index = this.nodes.size + 1;
    const ns = `${this.prefix}node-${name}`;
    const [net, bits] = podCIDR.split('/') as [string, string];
    const gateway = intToIp(ipToInt(net) + 1);
    const routerSide = `10.250.${index}.1`;
    const nodeSide = `10.250.${index}.2`;
    await addNamespace(ns);
    await ipIn(ns, ['link', 'add', 'br0', 'type', 'bridge']);
    await ipIn(ns, ['addr', 'add', `${gateway}/${bits}`, 'dev', 'br0']);
    await ipIn(ns, ['link', 'set', 'br0', 'up']);
    await ipIn(ns, ['link', 'add', 'uplink', 'type', 'veth', 'peer', 'name', `n${index}`, 'netns', this.router]);
    await ipIn(ns, ['addr', 'add', `${nodeSide}/30`, 'dev', 'uplink']);
    await ipIn(ns, ['link', 'set', 'uplink', 'up']);
    await ipIn(ns, ['route', 'add', 'default', 'via', routerSide]);
    await ipIn(this.router, ['addr', 'add', `${routerSide}/30`, 'dev', `n${index}`]);
    await ipIn(this.router, ['link', 'set', `n${index}`, 'up']);
    await ipIn(this.router, ['route', 'add', podCIDR, 'via', nodeSide]);
    await inNetns(ns, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    const node = { name, ns, podCIDR, gateway };
    this.nodes.set(name, node);
    return node;
  }

  /** A pod's namespace with eth0 on its node's bridge; returns the namespace's name. */
  async addPod(id: string, nodeName: string, ip: string, files: { resolvConf: string; hosts: string }): Promise<string> {
    const node = this.nodes.get(nodeName);
    if (!node) throw new Error(`node ${nodeName} has no network`);
    const ns = `${this.prefix}pod-${id}`;
    const bits = node.podCIDR.split('/')[1]!;
    // `ip netns exec` mounts these over /etc, so the pod's tools read the cluster's resolver.
    const etc = join('/etc/netns', ns);
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'resolv.conf'), files.resolvConf);
    writeFileSync(join(etc, 'hosts'), files.hosts);
    await addNamespace(ns);
    const hostSide = `v${id.slice(0, 12)}`;
    await ipIn(node.ns, ['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    await ipIn(node.ns, ['link', 'set', hostSide, 'master', 'br0', 'up']);
    await ipIn(ns, ['addr', 'add', `${ip}/${bits}`, 'dev', 'eth0']);
    await ipIn(ns, ['link', 'set', 'eth0', 'up']);
    await ipIn(ns, ['route', 'add', 'default', 'via', node.gateway]);
    return ns;
  }

  async removePod(ns: string): Promise<void> {
    await removeNamespace(ns);
  }

  /** Every namespace of this lab (pods first), and whatever runs in them. */
  async teardown(): Promise<void> {
    await sweepNamespaces(this.prefix);
  }
}

async function ipIn(ns: string, args: string[]): Promise<void> {
  await run('ip', ['-n', ns, ...args]);
}

async function addNamespace(ns: string): Promise<void> {
  await run('ip', ['netns', 'add', ns]);
  await ipIn(ns, ['link', 'set', 'lo', 'up']);
}

/** Kills what runs in the namespace (a namespace lives on while a process holds it), then deletes it. */
export async function removeNamespace(ns: string): Promise<void> {
  const pids = (await run('ip', ['netns', 'pids', ns]).catch(() => ''))
    .split('\n').map((l) => Number(l.trim())).filter((p) => p > 0 && p !== process.pid);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await run('ip', ['netns', 'delete', ns]).catch(() => {});
  rmSync(join('/etc/netns', ns), { recursive: true, force: true });
}

export async function listNamespaces(prefix: string): Promise<string[]> {
  const out = await run('ip', ['netns', 'list']).catch(() => '');
  return out.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(prefix));
}

/** Pods' namespaces go before nodes' and the router's, so no veth is left half-attached. */
export async function sweepNamespaces(prefix: string): Promise<void> {
  const all = await listNamespaces(prefix);
  const rank = (n: string) => (n.includes('-pod-') ? 0 : n.includes('-node-') ? 1 : 2);
  for (const ns of all.sort((a, b) => rank(a) - rank(b))) await removeNamespace(ns);
}
