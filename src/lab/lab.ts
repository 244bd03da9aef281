// One running lab: store, controllers, API server, kubeconfig and control socket, started in
// order and torn down in reverse, whatever happened in between.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ObjectStore, rfc3339 } from './store/objectStore.js';
import type { KubeObject } from './store/kubeObject.js';
import { ApiServer } from './api/server.js';
import type { ApiContext } from './api/context.js';
import { resourceByName } from './api/resources.js';
import { createAdmission } from './cluster/admission.js';
import { createServiceAllocator } from './cluster/serviceDefaults.js';
import { Kubelets, apiOnlyRuntime, type PodRuntime } from './cluster/kubelet.js';
import { EndpointsController } from './cluster/endpoints.js';
import { publishApiserverEndpoints, runNodeLeases } from './cluster/apiserverEndpoints.js';
import { makePki } from './pki.js';
import { renderKubeconfig } from './kubeconfig.js';
import type { Scenario } from './scenarios/scenario.js';
import { ControlServer } from './control/controlServer.js';
import { createFaults } from './control/faults.js';
import { labDir } from './stateDir.js';
import type { PodStreamRuntime } from './streams/runtime.js';
import { createStreamHandler } from './streams/dispatch.js';
import { LabNetworking } from './net/labNetworking.js';

export const LAB_VERSION = {
  major: '1',
  minor: '24',
  gitVersion: 'v1.24.17-podnet-lab',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-24T00:00:00Z',
  goVersion: 'go1.19.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface LabOptions {
  scenario: Scenario;
  port?: number;
  kubeconfigOut?: string;
  runtime?: PodRuntime;
  /** Runs exec and port-forward inside pods; without it those answer as a cluster without kubelets. */
  streamRuntime?: PodStreamRuntime;
  bookmarkIntervalMs?: number;
  /** Where the lab keeps its kubeconfig, control socket and pid (removed on stop). */
  dir?: string;
  /** Called when the lab has stopped (releases what the caller claimed for it, such as its slot). */
  onStopped?: () => void;
  /** Real pod networks (root only): how to start this program's pod agent inside a namespace. */
  network?: { agentCommand: string[] };
}

export class Lab {
  readonly store = new ObjectStore(100);
  private api?: ApiServer;
  private control?: ControlServer;
  private endpoints?: EndpointsController;
  networking?: LabNetworking;
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  kubeconfigPath = '';
  dir = '';

  constructor(private readonly o: LabOptions) {}

  private startPromise?: Promise<void>;
  private stopRequested = false;

  start(): Promise<void> {
    this.startPromise ??= this.run();
    return this.startPromise;
  }

  /** A stop asked for while starting ends the start at its next step. */
  private checkStopping(): void {
    if (this.stopRequested) throw new Error('the lab was stopped while it started');
  }

  private async run(): Promise<void> {
    const clock = () => new Date();
    this.dir = this.o.dir ?? labDir(process.pid);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.cleanups.push(() => rmSync(this.dir, { recursive: true, force: true }));
    if (this.o.onStopped) this.cleanups.unshift(this.o.onStopped);
    writeFileSync(join(this.dir, 'pid'), String(process.pid));

    const pki = await makePki();
    this.checkStopping();
    const users = [
      { name: 'admin', token: randomBytes(24).toString('hex'), readonly: false },
      { name: 'readonly', token: randomBytes(24).toString('hex'), readonly: true },
    ];
    const alloc = createServiceAllocator();
    if (this.o.network) {
      this.networking = new LabNetworking(this.store, this.dir, this.o.network.agentCommand);
    }
    const runtime = this.networking?.runtime ?? this.o.runtime ?? apiOnlyRuntime;
    const streamRuntime = this.networking?.runtime ?? this.o.streamRuntime;
    const kubelets = new Kubelets({ store: this.store, runtime, clock, events: this.o.scenario.events });
    const store = this.store;
    const admission = createAdmission(alloc, {
      deletePod: (pod, grace) => kubelets.deletePod(pod, grace),
      deleteNamespace: (ns) => deleteNamespaceContents(store, ns.metadata.name!),
    }, clock);
    const ctx: ApiContext = {
      store, users, admission, clock, version: LAB_VERSION,
      serverAddress: () => this.api?.address ?? '127.0.0.1',
      watches: new Set(),
      bookmarkIntervalMs: this.o.bookmarkIntervalMs ?? 15_000,
      ...(streamRuntime ? { streams: createStreamHandler(streamRuntime) } : {}),
    };

    this.loadScenario(admission);
    this.endpoints = new EndpointsController(store);
    this.endpoints.start();
    this.cleanups.push(() => this.endpoints?.stop());
    if (this.networking) {
      const networking = this.networking;
      this.cleanups.push(() => networking.stop());
      await networking.start();
      this.checkStopping();
    }
    kubelets.start();
    this.cleanups.push(() => kubelets.stop());

    this.api = new ApiServer(ctx, { cert: `${pki.serverCert}`, key: pki.serverKey });
    const port = await this.api.listen(this.o.port ?? 0);
    this.checkStopping();
    this.cleanups.push(() => this.api?.stop());
    publishApiserverEndpoints(store, '127.0.0.1', port);
    this.cleanups.push(runNodeLeases(store, clock));

    const controlSocket = join(this.dir, 'control.sock');
    this.control = new ControlServer(controlSocket, createFaults({ lab: this, api: this.api, admission, kubelets, networking: this.networking }));
    await this.control.listen();
    this.cleanups.push(() => this.control?.close());

    this.kubeconfigPath = this.o.kubeconfigOut ?? join(this.dir, 'kubeconfig');
    // Where it went, so that the next lab can remove it if this one is killed with -9.
    if (this.o.kubeconfigOut) writeFileSync(join(this.dir, 'kubeconfig-out'), resolve(this.o.kubeconfigOut));
    writeFileSync(this.kubeconfigPath, renderKubeconfig({
      server: `https://127.0.0.1:${port}`, caCert: pki.caCert,
      adminToken: users[0]!.token, readonlyToken: users[1]!.token, controlSocket,
    }), { mode: 0o600 });
    chmodSync(this.kubeconfigPath, 0o600);
    const written = this.kubeconfigPath;
    this.cleanups.push(() => rmSync(written, { force: true }));

    await this.waitUntilSettled();
    await this.networking?.settled();
  }

  /** Reverse order of start, after any start under way has ended; every step runs even when one fails. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.startPromise?.catch(() => {});
    const errors: unknown[] = [];
    while (this.cleanups.length) {
      const step = this.cleanups.pop()!;
      try {
        await step();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length) throw errors[0];
  }

  private loadScenario(admission: ReturnType<typeof createAdmission>): void {
    for (const { resource, object } of this.o.scenario.objects) {
      const def = resourceByName(resource);
      const admitted = resource === 'nodes' ? object : admission.create(def, object);
      // Scenario pods that come with a status (the scale scenario) keep it: nothing runs them.
      const final: KubeObject = object.status && resource === 'pods' ? { ...admitted, status: object.status } : admitted;
      this.store.create(resource, final);
    }
  }

  private async waitUntilSettled(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = this.store.list('pods').filter((p) => (p.status as { phase?: string })?.phase === 'Pending');
      if (!pending.length) return;
      this.checkStopping();
      if (Date.now() > deadline) {
        throw new Error(`pods still Pending after ${timeoutMs / 1000} s: ${pending.map((p) => p.metadata.name).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  get now(): string {
    return rfc3339(new Date());
  }
}

function deleteNamespaceContents(store: ObjectStore, namespace: string): void {
  for (const resource of ['pods', 'services', 'endpoints', 'endpointslices', 'networkpolicies', 'events']) {
    for (const obj of store.list(resource, namespace)) store.remove(resource, namespace, obj.metadata.name!);
  }
}
