// The faults a running lab can be given, each answering one sentence of what it did.
import type { Lab } from '../lab.js';
import type { ApiServer } from '../api/server.js';
import type { Admission } from '../api/context.js';
import type { Kubelets } from '../cluster/kubelet.js';
import { resourceByName } from '../api/resources.js';
import type { KubeObject } from '../store/kubeObject.js';
import type { FaultHandler } from './controlServer.js';
import { podTemplateOf } from '../cluster/podTemplate.js';
import type { LabNetworking } from '../net/labNetworking.js';

interface FaultDeps {
  lab: Lab;
  api: ApiServer;
  admission: Admission;
  kubelets: Kubelets;
  networking: LabNetworking | undefined;
}

export function createFaults(d: FaultDeps): Record<string, FaultHandler> {
  return {
    'restart-pod': async (args) => {
      const { namespace, name } = podRef(args);
      const pod = d.lab.store.get('pods', namespace, name);
      if (!pod) throw new Error(`There is no pod ${namespace}/${name} in the lab.`);
      const oldIP = (pod.status as { podIP?: string })?.podIP ?? '<none>';
      const template = podTemplateOf(pod);
      if (d.kubelets.deletePod(pod, 1)) d.lab.store.remove('pods', namespace, name);
      await waitFor(() => d.lab.store.get('pods', namespace, name)?.metadata.uid !== pod.metadata.uid);
      const created = d.lab.store.create('pods', d.admission.create(resourceByName('pods'), template));
      const running = await waitFor(() => {
        const p = d.lab.store.get('pods', namespace, name);
        return p && p.metadata.uid === created.metadata.uid && (p.status as { podIP?: string })?.podIP ? p : undefined;
      });
      return `pod ${namespace}/${name} restarted: IP ${oldIP} -> ${(running as KubeObject & { status: { podIP: string } }).status.podIP}`;
    },
    'drop-watches': async () => `dropped ${d.api.dropWatches()} watch(es)`,
    'stop-api': async () => {
      if (!d.api.listening) return 'the API server is already stopped';
      await d.api.stop();
      return `the API server at ${d.api.address} stopped`;
    },
    'start-api': async () => {
      if (d.api.listening) return 'the API server is already running';
      // A restarted apiserver's watch cache starts empty: older resourceVersions get 410 Gone.
      d.lab.store.forgetHistory();
      await d.api.listen();
      return `the API server at ${d.api.address} started`;
    },
    loss: async (args) => {
      const pct = Number(args.find((a, i) => i > 0 && /^\d+(\.\d+)?$/.test(a) && args[i - 1] !== '-n'));
      if (!(pct >= 0 && pct <= 100)) throw new Error('Give a share from 0 to 100: podnet lab fault loss POD PCT.');
      const { namespace, name, ns } = podNamespace(d, args);
      await d.networking!.setLoss(ns, pct);
      return `pod ${namespace}/${name} now drops ${pct}% of its inbound packets`;
    },
    heal: async (args) => {
      const { namespace, name, ns } = podNamespace(d, args);
      await d.networking!.setLoss(ns, 0);
      return `pod ${namespace}/${name} drops no packets`;
    },
  };
}

function podNamespace(d: FaultDeps, args: string[]): { namespace: string; name: string; ns: string } {
  if (!d.networking) throw new Error('This lab runs its pods without networks (the scale scenario), so it has no packets to drop.');
  const { namespace, name } = podRef(args);
  const pod = d.lab.store.get('pods', namespace, name);
  if (!pod) throw new Error(`There is no pod ${namespace}/${name} in the lab.`);
  const ns = d.networking.runtime.namespaceOf(pod);
  if (!ns) throw new Error(`Pod ${namespace}/${name} is not running.`);
  return { namespace, name, ns };
}

function podRef(args: string[]): { namespace: string; name: string } {
  const [ref, ...rest] = args;
  if (!ref) throw new Error('Name the pod: podnet lab fault restart-pod POD [-n NAMESPACE].');
  const nsFlag = rest.indexOf('-n');
  if (ref.includes('/')) {
    const [namespace, name] = ref.split('/', 2) as [string, string];
    return { namespace, name };
  }
  return { namespace: nsFlag >= 0 ? rest[nsFlag + 1] ?? 'default' : 'default', name: ref };
}

async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('The lab did not finish in time.');
    await new Promise((r) => setTimeout(r, 10));
  }
}
