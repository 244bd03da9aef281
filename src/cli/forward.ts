// `podnet forward TARGET [LOCAL:]REMOTE[,...]`: kubectl port-forward's job in the foreground, but
// following the pod through restarts and a Service across its endpoints. Bad input, a missing
// target, a port in use or nobody listening, a forbidden forward: one sentence, exit 2, nothing
// left listening. Ctrl-C / SIGTERM: everything closed, exit 0.
import { CLUSTER_OPTIONS, parseFlags } from './args.js';
import type { Command } from './commands.js';
import { PodnetError, UsageError } from '../errors.js';
import { openSession } from '../kube/session.js';
import { ApiError, getJson, releaseConnections } from '../kube/request.js';
import { classify } from '../kube/kubeErrors.js';
import { cleanText } from '../state/sanitize.js';
import { createForwardManager, type PodnetForwardManager } from '../forward/manager.js';
import { findPodPort, findServicePort } from '../forward/follow.js';
import { isLoopback, localUrl, parsePorts, parseTarget, type PortMapping } from '../forward/parse.js';
import { podInfo, serviceInfo, type PodJson, type ServiceJson } from '../forward/views.js';
import type { ForwardSpec, ForwardTarget, ForwardView } from '../forward/types.js';
import type { Session } from '../kube/session.js';

const DETAILS = [
  'Listens on a local port and forwards every connection to the pod\'s port through the API server, as',
  '`kubectl port-forward` does, until Ctrl-C. Unlike kubectl\'s, the forward follows its pod: when the pod',
  'restarts (same name, new IP) or its controller replaces it (a pod with the same labels), new',
  'connections go to the new pod; a svc/NAME forward goes to a ready endpoint pod of the Service and',
  'moves to another when that one goes away. Before it prints anything it opens one connection to check',
  'that something listens on the pod port.',
  '',
  '  TARGET                 pod/NAME, svc/NAME or NAME (a pod)',
  '  [LOCAL:]REMOTE[,...]   REMOTE is the pod port, or the Service port, by number or name; LOCAL is the',
  '                         local port (default: the same number); `:80` or `0:80` take any free port',
  '                         (the remote number when it is free); several: 8080:80,9090:9090',
  '  --address A            listen on A instead of 127.0.0.1; any other than loopback is announced with',
  '                         a warning, since anyone who can reach A can then reach the pod',
  '  -n, --namespace NS     the target\'s namespace (default: the context\'s)',
  '  --kubeconfig F         use this kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)',
  '  --context C            use this context instead of the current one',
  '',
  'Exit codes: 0 after Ctrl-C or SIGTERM; 2 when the forward cannot start (bad arguments, no such pod,',
  'Service or port name, the local port in use, nothing listening on the pod port, forwarding forbidden).',
].join('\n');

export const forwardCommand: Command = {
  name: 'forward',
  usage: 'podnet forward TARGET [LOCAL:]REMOTE[,...] [--address 127.0.0.1] [-n NS]',
  summary: 'forward local ports to a pod or a Service, following the pod through restarts',
  details: DETAILS,
  examples: [
    'podnet forward practice-pod 8080:80',
    'podnet forward svc/backend :8080 -n default',
    'podnet forward pod/frontend 3000,9090:http',
    'podnet forward backend 8080 --address 0.0.0.0',
  ],
  run: (argv) => runForward(argv),
};

interface ForwardArgs {
  target: string;
  ports: PortMapping[];
  address: string;
  addressGiven: boolean;
  namespace?: string;
  kubeconfig?: string;
  context?: string;
}

export function parseForwardArgs(argv: string[]): ForwardArgs {
  const { values, positionals } = parseFlags(argv, { ...CLUSTER_OPTIONS, address: { type: 'string' } }, true);
  if (positionals.length < 2) throw new UsageError('give a target and the ports: podnet forward TARGET [LOCAL:]REMOTE[,...].');
  // kubectl takes the ports as several words too: `8080:80 9090:9090`.
  let ports: PortMapping[];
  try {
    ports = positionals.slice(1).flatMap((p) => parsePorts(p));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const address = values.address ?? '127.0.0.1';
  if (address.trim() === '') throw new UsageError('--address needs an address, e.g. 127.0.0.1 or 0.0.0.0.');
  return { target: positionals[0]!, ports, address, addressGiven: values.address !== undefined, namespace: values.namespace, kubeconfig: values.kubeconfig, context: values.context };
}

function targetText(t: ForwardTarget): string {
  return t.kind === 'pod' ? cleanText(t.name) : `svc/${cleanText(t.name)}`;
}

/** Named remote ports resolved against the pod's or Service's spec; local null -> the remote number. */
async function resolveSpecs(session: Session, target: ForwardTarget, a: ForwardArgs): Promise<ForwardSpec[]> {
  const named = a.ports.filter((p) => typeof p.remote === 'string');
  let lookup: (name: string) => number | undefined = () => undefined;
  let ports = '';
  if (named.length) {
    const resource = target.kind === 'pod' ? 'pods' : 'services';
    let obj: PodJson & ServiceJson;
    try {
      obj = await getJson(session.kc, `/api/v1/namespaces/${target.namespace}/${resource}/${target.name}`, { timeoutMs: 15_000 });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        throw new PodnetError(`There is no ${target.kind === 'pod' ? 'pod' : 'Service'} "${cleanText(target.name)}" in namespace "${cleanText(target.namespace)}".`, 2);
      }
      const f = classify(e, { verb: 'get', resource, namespace: target.namespace, name: target.name }, session.failure);
      throw new PodnetError(f.message, 2, f.hint);
    }
    if (target.kind === 'pod') {
      const pod = podInfo(obj);
      lookup = (name) => findPodPort(pod, name);
      ports = pod.ports.filter((p) => p.name).map((p) => `${p.name} (${p.port})`).join(', ');
    } else {
      const svc = serviceInfo(obj);
      lookup = (name) => findServicePort(svc, name)?.port;
      ports = svc.ports.filter((p) => p.name).map((p) => `${p.name} (${p.port})`).join(', ');
    }
  }
  return a.ports.map((p) => {
    const remote = typeof p.remote === 'number' ? p.remote : lookup(p.remote);
    if (remote === undefined) {
      const what = target.kind === 'pod' ? `pod ${cleanText(target.name)}` : `Service ${cleanText(target.name)}`;
      throw new PodnetError(`The ${what} has no port named "${p.remote}"; its named ports: ${cleanText(ports) || 'none'}.`, 2);
    }
    return { target, remotePort: remote, localPort: p.local ?? remote, address: a.address };
  });
}

function forwardingLine(v: ForwardView): string {
  const from = `${v.spec.address.includes(':') ? `[${v.spec.address}]` : v.spec.address}:${v.localPort}`;
  const to = `${targetText(v.spec.target)}:${v.spec.remotePort}`;
  const via = v.spec.target.kind === 'service' && v.pod ? ` (pod ${cleanText(v.pod.name)}:${v.podPort})` : '';
  const waiting = v.state === 'reconnecting' && v.message ? `\n  waiting: ${v.message}` : '';
  return `Forwarding from ${from} -> ${to}${via}  ${localUrl(v.spec.address, v.localPort!)}${waiting}`;
}

export async function runForward(argv: string[]): Promise<number> {
  const a = parseForwardArgs(argv);
  const session = openSession({ kubeconfig: a.kubeconfig, context: a.context });
  let target: ForwardTarget;
  try {
    target = parseTarget(a.target, a.namespace ?? session.namespace);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const specs = await resolveSpecs(session, target, a);
  if (!isLoopback(a.address)) {
    process.stderr.write(`podnet: warning: listening on ${cleanText(a.address)}, not loopback: anyone who can reach this address can reach ${targetText(target)}.\n`);
  }
  const manager = createForwardManager(session);
  const labels = new Map<string, string>();
  manager.onEvent((e) => {
    const where = labels.get(e.id) ?? e.id;
    const line = `${where}: ${e.message}\n`;
    if (e.kind === 'connection-error' || e.kind === 'failed') process.stderr.write(line);
    else process.stdout.write(line);
  });
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  const onSignal = () => finish(0);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    // One after another: two mappings that both want "the remote number when free" must not race.
    for (const spec of specs) {
      const v = await Promise.race([manager.start(spec), done.then(() => null)]);
      if (v === null) return 0;
      labels.set(v.id, `${v.spec.address.includes(':') ? `[${v.spec.address}]` : v.spec.address}:${v.localPort}`);
      process.stdout.write(`${forwardingLine(v)}\n`);
    }
    process.stdout.write('Press Ctrl-C to stop.\n');
    return await done;
  } finally {
    for (const s of signals) process.off(s, onSignal);
    await stopEverything(manager, session);
  }
}

async function stopEverything(manager: PodnetForwardManager, session: Session): Promise<void> {
  await manager.stopAll();
  releaseConnections(session.kc);
}
