// `podnet probe SRC DST`: one probe from inside SRC, without the TUI. Resolves the two ends,
// runs the probe engine (src/probe/run.ts) while watching both pods, prints each reply as it
// arrives (or one JSON object at the end), and exits 0 / 1 / 2. Ctrl-C stops the probe, ends the
// command in the pod, and still prints what was measured.
import { isIP } from 'node:net';
import { CLUSTER_OPTIONS, parseFlags } from './args.js';
import type { Command } from './commands.js';
import { PodnetError, UsageError } from '../errors.js';
import { classify } from '../kube/kubeErrors.js';
import { ApiError, getJson, releaseConnections } from '../kube/request.js';
import { openSession, type Session } from '../kube/session.js';
import { checkHost, ProbeArgError } from '../probe/argv.js';
import { startProbe } from '../probe/run.js';
import type { ProbeRequest, RunKind, RunOutcome } from '../probe/runner.js';
import { eventLine, exitCodeOf, probeJson, summaryLines, type EndInfo } from '../probe/runReport.js';
import { watchEnds, type WatchedPod } from '../probe/watchEnds.js';
import { cleanText } from '../state/sanitize.js';

const KINDS: RunKind[] = ['ping', 'http', 'tcp', 'dns', 'bandwidth'];

const DETAILS = [
  'Runs one probe from inside the source pod (kubectl exec, argv only) against the target, with',
  'the best tool the source has: ping (iputils or busybox), HTTP (curl or busybox wget), TCP',
  '(nc, busybox telnet or curl telnet://), DNS (nslookup). A source without ping gets a TCP',
  'connect instead, and says so. Text output shows each reply as it arrives, then a summary.',
  '',
  '  SRC                    pod name or NS/NAME (the probe runs in its first container)',
  '  DST                    pod name, NS/NAME or an IP address; a name with a dot is used as a host',
  '                         name (e.g. backend.default.svc.cluster.local)',
  '  --kind K               ping (default), http, tcp, dns or bandwidth',
  '  --port P               http: default the target pod\'s first container port, else 80;',
  '                         tcp: default the target pod\'s first container port (needed otherwise);',
  '                         ping without ping in SRC: the port of the TCP connect (same default);',
  '                         bandwidth: the port of the one-off iperf3 server in DST (default 5201)',
  '  --path /P              http path (default /)',
  '  --count N              ping: replies to ask for (default 3; 0 = until Ctrl-C, at most an hour)',
  '  --interval S           ping: seconds between echo requests (default 1)',
  '  --timeout S            seconds to wait for a reply or a connection (default 1 for ping, 5 otherwise)',
  '  --json                 print one JSON object at the end instead of live text',
  '  -n, --namespace NS     namespace of SRC and DST without NS/ (default: the context\'s)',
  '  --kubeconfig F         use this kubeconfig file',
  '  --context C            use this context',
  '  --debug                when SRC has no tool for the probe (distroless), add podnet\'s ephemeral',
  '                         debug container to SRC (image nicolaka/netshoot) and probe from it;',
  '                         without it such a probe exits 2',
  '  --debug-image IMG      image for that debug container',
  '  --readonly             never change the cluster (no debug container)',
  '',
  'DNS (--kind dns): when DST is a pod, the name looked up is the first Service that selects it',
  '(NAME.NS.svc.cluster.local), or, when no Service does, the pod\'s IP (a reverse lookup). Any other',
  'DST (a Service name such as practice-service, a host name, an IP) is looked up as given, through',
  'SRC\'s resolv.conf search path.',
  '',
  'The probe ends early, with a message, when SRC or DST is deleted or restarts, or the API server',
  'stops answering. Exit codes: 0 success; 1 the probe ran and failed (no reply, HTTP error status,',
  'port refused or timed out, name not found, a pod gone); 2 usage, configuration, connection or',
  'permission error (also: SRC has no tool and --debug was not given).',
].join('\n');

export const probeCommand: Command = {
  name: 'probe',
  usage: 'podnet probe SRC DST [--kind ping|http|tcp|dns|bandwidth] [--port P] [--path /] [--count N] [--interval S] [--timeout S] [--json] [-n NS] [--debug] [--readonly]',
  summary: 'one probe from inside pod SRC to DST, no TUI',
  details: DETAILS,
  examples: [
    'podnet probe client-pod practice-pod',
    'podnet probe client-pod practice-pod --kind http --json',
    'podnet probe client-pod db --kind tcp --port 5432',
    'podnet probe client-pod practice-service --kind dns',
    'podnet probe distroless-app 10.244.0.4 --debug',
  ],
  run: (argv) => runProbeCommand(argv),
};

export interface ProbeArgs {
  src: string;
  dst: string;
  kind: RunKind;
  port?: number;
  path?: string;
  count?: number;
  intervalS?: number;
  timeoutS?: number;
  json: boolean;
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  debug: boolean;
  debugImage?: string;
  readonly: boolean;
}

export function parseProbeArgs(argv: string[]): ProbeArgs {
  const { values: v, positionals } = parseFlags(argv, {
    ...CLUSTER_OPTIONS,
    kind: { type: 'string' },
    port: { type: 'string' },
    path: { type: 'string' },
    count: { type: 'string' },
    interval: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
    'debug-image': { type: 'string' },
    readonly: { type: 'boolean', default: false },
  }, true);
  if (positionals.length !== 2) throw new UsageError(`probe takes a source and a target (SRC DST), got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}.`);
  const kind = (v.kind ?? 'ping') as RunKind;
  if (!KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, not "${v.kind}".`);
  const num = (name: string, s: string | undefined, check: (n: number) => boolean, what: string) => {
    if (s === undefined) return undefined;
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${what}, not "${s}".`);
    return n;
  };
  const port = num('port', v.port, (n) => Number.isInteger(n) && n >= 1 && n <= 65535, 'a TCP port (1-65535)');
  const count = num('count', v.count, (n) => Number.isInteger(n) && n >= 0, 'a whole number (0 = until Ctrl-C)');
  const intervalS = num('interval', v.interval, (n) => n >= 0.2, 'at least 0.2 seconds');
  const timeoutS = num('timeout', v.timeout, (n) => n > 0, 'a positive number of seconds');
  if (v.path !== undefined && (!v.path.startsWith('/') || /[\x00-\x20\x7f]/.test(v.path))) throw new UsageError(`--path must start with / and hold no spaces, not ${JSON.stringify(v.path)}.`);
  if (v.debug && v.readonly) throw new UsageError('--debug adds a container to the pod, which --readonly forbids: choose one.');
  return {
    src: positionals[0]!, dst: positionals[1]!, kind, port, path: v.path, count, intervalS, timeoutS, json: v.json,
    namespace: v.namespace, kubeconfig: v.kubeconfig, context: v.context, debug: v.debug, debugImage: v['debug-image'], readonly: v.readonly,
  };
}

interface PodJson {
  metadata: { name: string; namespace: string; uid: string; labels?: Record<string, string> };
  spec?: { nodeName?: string; containers?: { name: string; ports?: { containerPort: number; protocol?: string }[] }[] };
  status?: { phase?: string; podIP?: string };
}
interface ServiceJson { metadata: { name: string; namespace: string }; spec?: { selector?: Record<string, string> } }

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function splitRef(ref: string, ns: string): { namespace: string; name: string } | null {
  const parts = ref.split('/');
  if (parts.length > 2) return null;
  const [namespace, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [ns, parts[0]!];
  return NAME.test(namespace) && NAME.test(name) ? { namespace, name } : null;
}

async function getPod(s: Session, namespace: string, name: string): Promise<PodJson | null> {
  try {
    return await getJson<PodJson>(s.kc, `/api/v1/namespaces/${namespace}/pods/${name}`, { timeoutMs: 15_000 });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    const f = classify(e, { verb: 'get', resource: 'pods', namespace, name }, s.failure);
    throw new PodnetError(f.message, 2, f.hint);
  }
}

function endOf(p: PodJson, container?: string): EndInfo {
  const info: EndInfo = { namespace: p.metadata.namespace, pod: p.metadata.name, ip: p.status?.podIP ?? null, node: p.spec?.nodeName ?? null };
  if (container) info.container = container;
  return info;
}

function firstPort(p: PodJson | null): number | undefined {
  for (const c of p?.spec?.containers ?? []) for (const port of c.ports ?? []) if ((port.protocol ?? 'TCP') === 'TCP') return port.containerPort;
  return undefined;
}

async function serviceFor(s: Session, pod: PodJson): Promise<string | undefined> {
  const labels = pod.metadata.labels ?? {};
  try {
    const list = await getJson<{ items: ServiceJson[] }>(s.kc, `/api/v1/namespaces/${pod.metadata.namespace}/services`, { timeoutMs: 15_000 });
    const svc = list.items.find((x) => {
      const sel = Object.entries(x.spec?.selector ?? {});
      return sel.length > 0 && sel.every(([k, v]) => labels[k] === v);
    });
    return svc ? `${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local` : undefined;
  } catch (e) {
    const f = classify(e, { verb: 'list', resource: 'services', namespace: pod.metadata.namespace }, s.failure);
    throw new PodnetError(f.message, 2, f.hint);
  }
}

interface Resolved {
  req: ProbeRequest;
  source: EndInfo;
  target: EndInfo;
  watched: WatchedPod[];
}

async function resolve(s: Session, a: ProbeArgs): Promise<Resolved> {
  const ns = a.namespace ?? s.namespace;
  const srcRef = splitRef(a.src, ns);
  if (!srcRef) throw new UsageError(`SRC must be a pod name or NAMESPACE/NAME, not ${JSON.stringify(cleanText(a.src))}.`);
  const src = await getPod(s, srcRef.namespace, srcRef.name);
  if (!src) throw new PodnetError(`There is no pod ${srcRef.namespace}/${srcRef.name} to probe from; check the name and namespace (kubectl get pods -n ${srcRef.namespace}).`, 2);
  if (src.status?.phase !== 'Running') throw new PodnetError(`Cannot probe from pod ${srcRef.namespace}/${srcRef.name}: it is ${cleanText(src.status?.phase ?? 'not running')}, not Running.`, 2);
  const container = src.spec?.containers?.[0]?.name;
  const watched: WatchedPod[] = [{ role: 'source', namespace: src.metadata.namespace, pod: src.metadata.name, uid: src.metadata.uid }];

  let host: string;
  let target: EndInfo;
  let dstPod: PodJson | null = null;
  if (isIP(a.dst)) {
    host = a.dst;
    target = { namespace: null, pod: null, ip: a.dst, node: null };
  } else {
    const ref = splitRef(a.dst, ns);
    dstPod = ref && !(a.dst.includes('.') && !a.dst.includes('/')) ? await getPod(s, ref.namespace, ref.name) : null;
    if (dstPod) {
      target = endOf(dstPod);
      watched.push({ role: 'target', namespace: dstPod.metadata.namespace, pod: dstPod.metadata.name, uid: dstPod.metadata.uid });
      if (a.kind === 'dns') {
        host = (await serviceFor(s, dstPod)) ?? dstPod.status?.podIP ?? '';
        if (!host) throw new PodnetError(`Pod ${dstPod.metadata.namespace}/${dstPod.metadata.name} has no IP and no Service to look up.`, 2);
        target.name = host;
      } else {
        if (!dstPod.status?.podIP) throw new PodnetError(`Cannot probe pod ${dstPod.metadata.namespace}/${dstPod.metadata.name}: it has no IP yet (${cleanText(dstPod.status?.phase ?? 'unknown')}).`, 2);
        host = dstPod.status.podIP;
      }
    } else if (a.kind === 'dns' || a.dst.includes('.')) {
      try {
        host = checkHost(a.dst);
      } catch (e) {
        throw new UsageError((e as ProbeArgError).message + '.');
      }
      target = { namespace: null, pod: null, ip: null, node: null, name: host };
    } else {
      throw new PodnetError(`There is no pod ${ref ? `${ref.namespace}/${ref.name}` : JSON.stringify(cleanText(a.dst))} to probe; give a pod, NS/NAME, an IP, or a host name with a dot.`, 2);
    }
  }
  let port = a.port;
  // bandwidth: the iperf3 server's own port (5201 unless --port), never one the target serves on.
  if (port === undefined && a.kind !== 'dns' && a.kind !== 'bandwidth') port = firstPort(dstPod) ?? (a.kind === 'tcp' ? undefined : 80);
  if (port === undefined && a.kind === 'tcp') throw new UsageError('--kind tcp needs --port P (the target declares no container port).');
  const req: ProbeRequest = {
    kind: a.kind,
    source: { namespace: src.metadata.namespace, pod: src.metadata.name },
    host,
    port,
    path: a.path,
    count: a.kind === 'ping' ? (a.count === 0 ? undefined : a.count ?? 3) : undefined,
    intervalS: a.intervalS,
    timeoutS: a.timeoutS,
    targetPod: dstPod ? { namespace: dstPod.metadata.namespace, pod: dstPod.metadata.name } : undefined,
    debug: a.debug ? 'use' : 'never',
    container,
    readonly: a.readonly,
    debugImage: a.debugImage,
  };
  return { req, source: endOf(src, container), target, watched };
}

export async function runProbeCommand(argv: string[]): Promise<number> {
  const a = parseProbeArgs(argv);
  const session = openSession({ kubeconfig: a.kubeconfig, context: a.context });
  try {
    const { req, source, target, watched } = await resolve(session, a);
    const out = (line: string) => {
      if (!a.json) process.stdout.write(`${line}\n`);
    };
    const to = target.pod ? `${target.namespace}/${target.pod} (${target.ip ?? 'no IP'})` : (target.name ?? target.ip ?? req.host);
    out(`${req.kind} from ${source.namespace}/${source.pod} to ${cleanText(to)}${req.kind === 'dns' ? `: looking up ${cleanText(req.host)}` : ''}`);
    const run = startProbe(session.kc, req, (e) => {
      const line = eventLine(e);
      if (line !== null) out(line);
    });
    const ends = watchEnds(session.kc, watched, (reason, message) => run.stop(reason, message));
    let interrupts = 0;
    const onSignal = () => {
      if (++interrupts > 1) process.exit(130);
      run.stop('stopped');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let outcome: RunOutcome;
    try {
      outcome = await run.done;
    } finally {
      ends.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const code = exitCodeOf(outcome);
    if (a.json) {
      process.stdout.write(`${JSON.stringify(probeJson(req.kind, outcome, { ...source, container: outcome.container || source.container }, target))}\n`);
      if (code === 2 && outcome.message) process.stderr.write(`podnet: ${cleanText(outcome.message)}\n`);
    } else {
      const lines = summaryLines(outcome);
      const error = lines.at(-1)?.startsWith('error: ') ? lines.pop() : undefined;
      for (const l of lines) out(l);
      if (error) process.stderr.write(`podnet: ${error.slice('error: '.length)}\n`);
    }
    return code;
  } finally {
    releaseConnections(session.kc);
  }
}
