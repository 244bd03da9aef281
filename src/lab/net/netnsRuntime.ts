// Runs the lab's pods for real: a network namespace each, the image's servers inside it (the pod
// agent, and nginx for nginx images), and exec / port-forward into it as a kubelet would.
import { spawn, type ChildProcess } from 'node:child_process';
import { AgentChannel } from './agentChannel.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../store/kubeObject.js';
import type { PodRuntime } from '../cluster/kubelet.js';
import type { ExecOptions, ExecProcess, ExecStartError, PodStreamRuntime } from '../streams/runtime.js';
import { imageSpec, type ImageSpec, type ServerSpec } from './images.js';
import type { LabNetwork } from './topology.js';
import { ensureToolDir, toolsOf } from './toolDir.js';
import { nginxConfig } from './nginxConfig.js';
import { spawnInPod } from './podProcess.js';

type Json = Record<string, unknown>;

export class ImagePullError extends Error {}

interface RunningPod {
  ns: string;
  dir: string;
  name: string;
  children: ChildProcess[];
  agent?: AgentChannel;
  cancelled: boolean;
}

export interface NetnsRuntimeOptions {
  net: LabNetwork;
  labDir: string;
  dnsSocket: string;
  /** How to start `podnet lab agent` (this very program) inside a namespace. */
  agentCommand: string[];
}

export class NetnsRuntime implements PodRuntime, PodStreamRuntime {
  private readonly pods = new Map<string, RunningPod>();

  constructor(private readonly o: NetnsRuntimeOptions) {}

  /** Why an image cannot run (the lab has no such image), or undefined when it can. */
  imagePullError(image: string): string | undefined {
    return imageSpec(image) ? undefined : `Failed to pull image "${image}": the lab has no such image`;
  }

  async start(pod: KubeObject, ip: string, node: KubeObject): Promise<void> {
    const containers = containersOf(pod);
    const specs = containers.map((c) => {
      const spec = imageSpec(String(c.image));
      if (!spec) throw new ImagePullError(this.imagePullError(String(c.image))!);
      return { container: c, spec };
    });
    const id = podId(pod);
    // Registered before anything exists, so that a delete during start-up is seen and cleaned up.
    const running: RunningPod = { ns: '', dir: join(this.o.labDir, 'pods', id), name: pod.metadata.name!, children: [], cancelled: false };
    this.pods.set(pod.metadata.uid!, running);
    try {
      await this.startPod(pod, ip, node, id, running, specs);
      if (running.cancelled) throw new Error(`pod ${pod.metadata.name} was deleted while it started`);
    } catch (e) {
      if (this.pods.get(pod.metadata.uid!) === running) this.pods.delete(pod.metadata.uid!);
      await this.teardown(running);
      throw e;
    }
  }

  private async startPod(
    pod: KubeObject, ip: string, node: KubeObject, id: string, running: RunningPod, specs: { container: Json; spec: ImageSpec }[],
  ): Promise<void> {
    const dir = running.dir;
    mkdirSync(dir, { recursive: true });
    running.ns = await this.o.net.addPod(id, node.metadata.name!, ip, {
      resolvConf: `search ${pod.metadata.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`,
      hosts: `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${ip}\t${pod.metadata.name}\n`,
    });
    if (running.cancelled) return;
    const servers: ServerSpec[] = specs.flatMap(({ container, spec }) => spec.servers(portsOf(container)));
    const configPath = join(dir, 'agent.json');
    writeFileSync(configPath, JSON.stringify({ pod: pod.metadata.name, ip, dnsSocket: this.o.dnsSocket, servers }));
    // `ip netns exec` execs the agent in place, so it keeps the IPC channel node set up.
    const child = spawn('ip', ['netns', 'exec', running.ns, ...this.o.agentCommand, configPath], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    running.children.push(child);
    running.agent = new AgentChannel(child);
    await running.agent.ready(15_000);
    if (specs.some(({ spec }) => spec.nginx) && !running.cancelled) {
      writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir));
      const nginx = spawn('ip', ['netns', 'exec', running.ns, '/usr/sbin/nginx', '-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
      nginx.on('error', () => {});
      running.children.push(nginx);
      await this.waitForPort(pod, 80, 15_000);
    }
  }

  async stop(pod: KubeObject): Promise<void> {
    const running = this.pods.get(pod.metadata.uid!);
    if (!running) return;
    this.pods.delete(pod.metadata.uid!);
    running.cancelled = true;
    await this.teardown(running);
  }

  /** Idempotent: a start that is still running finishes its own teardown once it sees `cancelled`. */
  private async teardown(running: RunningPod): Promise<void> {
    for (const c of running.children) c.kill('SIGKILL');
    if (running.ns) await this.o.net.removePod(running.ns);
    rmSync(running.dir, { recursive: true, force: true });
  }

  namespaceOf(pod: KubeObject): string | undefined {
    return this.pods.get(pod.metadata.uid!)?.ns;
  }

  async exec(pod: KubeObject, container: string, argv: string[], opts: ExecOptions): Promise<ExecProcess | ExecStartError> {
    const running = this.pods.get(pod.metadata.uid!);
    const c = [...containersOf(pod), ...ephemeralOf(pod)].find((x) => x.name === container);
    const spec = c ? imageSpec(String(c.image)) : undefined;
    if (!running?.ns || running.cancelled || !c || !spec) return { message: `container not found ("${container}")`, exitCode: 126 };
    const tool = argv[0] ?? '';
    const name = tool.split('/').pop()!;
    if (!toolsOf(spec)[name]) {
      return {
        message: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${tool}": ${tool.includes('/') ? 'stat ' + tool + ': no such file or directory' : 'executable file not found in $PATH'}: unknown`,
        exitCode: 126,
      };
    }
    const bin = ensureToolDir(this.o.labDir, spec);
    return spawnInPod(running.ns, bin, running.name, [name, ...argv.slice(1)], opts);
  }

  async dial(pod: KubeObject, port: number): Promise<Duplex> {
    const running = this.pods.get(pod.metadata.uid!);
    if (!running?.agent || running.cancelled) throw new Error(`pod ${pod.metadata.name} is not running on this lab`);
    return running.agent.dial(port);
  }

  private async waitForPort(pod: KubeObject, port: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        (await this.dial(pod, port)).destroy();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
}

function containersOf(pod: KubeObject): Json[] {
  return ((pod.spec as Json).containers as Json[]) ?? [];
}

function ephemeralOf(pod: KubeObject): Json[] {
  return ((pod.spec as Json).ephemeralContainers as Json[]) ?? [];
}

function portsOf(c: Json): number[] {
  return ((c.ports as Json[]) ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => Number(p.containerPort));
}

export function podId(pod: KubeObject): string {
  return pod.metadata.uid!.replace(/-/g, '').slice(0, 12);
}

export type { ImageSpec };
