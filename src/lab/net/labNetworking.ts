// Everything that makes the lab's pods real network endpoints, started and stopped as one:
// the namespaces, the pod runtime, kube-proxy and the cluster DNS behind the coredns pod.
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:net';
import type { ObjectStore } from '../store/objectStore.js';
import { LabNetwork, listNamespaces, removeNamespace } from './topology.js';
import { NetnsRuntime } from './netnsRuntime.js';
import { KubeProxy } from './kubeProxy.js';
import { serveDnsSocket } from '../dns/dnsSocket.js';
import { isAlive } from '../stateDir.js';
import { run } from './command.js';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostBinariesNeeded } from './images.js';

type Json = Record<string, unknown>;

export class LabNetworking {
  readonly network: LabNetwork;
  readonly runtime: NetnsRuntime;
  private proxy?: KubeProxy;
  private dns?: Server;
  private readonly dnsPath: string;

  constructor(private readonly store: ObjectStore, labDir: string, agentCommand: string[]) {
    this.network = new LabNetwork(`podnet-${process.pid}-`);
    this.dnsPath = join(labDir, 'dns.sock');
    this.runtime = new NetnsRuntime({ net: this.network, labDir, dnsSocket: this.dnsPath, agentCommand });
  }

  /** Router and nodes; call before any pod starts. */
  async start(): Promise<void> {
    this.dns = await serveDnsSocket(this.store, this.dnsPath);
    await this.network.createRouter();
    for (const node of this.store.list('nodes')) {
      await this.network.addNode(node.metadata.name!, String((node.spec as Json).podCIDR));
    }
    this.proxy = new KubeProxy(this.store, () => this.store.list('nodes').map((n) => this.network.nodeNet(n.metadata.name!)?.ns).filter((x): x is string => !!x), this.runtime);
    await this.proxy.start();
  }

  settled(): Promise<void> {
    return this.proxy?.settled() ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.proxy?.stop();
    this.dns?.close();
    await this.network.teardown();
  }

  /** `loss POD PCT`: drop that share of the pod's inbound packets; `heal` undoes it. */
  async setLoss(ns: string, percent: number): Promise<void> {
    await run('ip', ['netns', 'exec', ns, 'iptables', '-F', 'INPUT']);
    if (percent <= 0) return;
    await run('ip', ['netns', 'exec', ns, 'iptables', '-A', 'INPUT', '-m', 'statistic', '--mode', 'random',
      '--probability', (percent / 100).toFixed(4), '-m', 'comment', '--comment', 'podnet-lab-loss', '-j', 'DROP']);
  }
}

/** Why this machine cannot run a networked lab, in one sentence, or undefined when it can. */
export function networkingUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) {
    return 'podnet lab needs root: its pods are network namespaces with real addresses, which only root can create (run it with sudo).';
  }
  const missing = ['/usr/sbin/ip', '/usr/sbin/iptables', '/usr/sbin/iptables-restore', '/usr/bin/python3', ...hostBinariesNeeded()]
    .filter((b) => !existsSync(b) && !existsSync(b.replace('/usr/sbin/', '/sbin/')));
  if (missing.length) {
    return `podnet lab needs ${missing.join(', ')} to run its pods; install them with: bash ${installScript()} (Debian: iproute2 iptables iputils-ping curl netcat-openbsd iperf3 nginx-light python3, and busybox built from source).`;
  }
  return undefined;
}

/** The install script shipped beside the code (the repo's scripts/, or the installed package's). */
export function installScript(from = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from), i = 0; i < 5; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'scripts', 'install-lab-deps.sh');
    if (existsSync(candidate)) {
      return candidate.startsWith(process.cwd() + sep) ? relative(process.cwd(), candidate) : candidate;
    }
  }
  return 'scripts/install-lab-deps.sh';
}

/** Namespaces left by labs that were killed (their process is gone): delete them and what runs in them. */
export async function sweepDeadLabNamespaces(): Promise<number> {
  const all = await listNamespaces('podnet-');
  let swept = 0;
  for (const ns of all) {
    const pid = Number(/^podnet-(\d+)-/.exec(ns)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await removeNamespace(ns);
    swept++;
  }
  // A kill between writing /etc/netns/NS and `ip netns add` leaves the folder without a namespace.
  for (const dir of existsSync('/etc/netns') ? readdirSync('/etc/netns') : []) {
    const pid = Number(/^podnet-(\d+)-/.exec(dir)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) rmSync(join('/etc/netns', dir), { recursive: true, force: true });
  }
  return swept;
}
