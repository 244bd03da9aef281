// `podnet lab` and `podnet lab fault`: the only place podnet's CLI reaches into src/lab.
import { parseArgs } from 'node:util';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { commandFirst, type Command } from './commands.js';
import { PodnetError, UsageError } from '../errors.js';
import { Lab } from '../lab/lab.js';
import { tutorialScenario } from '../lab/scenarios/tutorial.js';
import { scaleScenario } from '../lab/scenarios/scale.js';
import { controlSocketOf, LAB_EXTENSION } from '../lab/kubeconfig.js';
import { callFault } from '../lab/control/controlServer.js';
import { claimSlot, deadLabDirs, removeDir } from '../lab/stateDir.js';
import { rfc3339 } from '../lab/store/objectStore.js';
import { networkingUnavailable, sweepDeadLabNamespaces } from '../lab/net/labNetworking.js';
import { runPodAgent } from '../lab/agent/podAgent.js';

const FAULTS = ['restart-pod', 'loss', 'heal', 'drop-watches', 'stop-api', 'start-api'];

export const labCommand: Command = {
  name: 'lab',
  usage: 'podnet lab [--kubeconfig-out F] [--scenario tutorial|scale] [--pods N] [--nodes M] [--port P]',
  summary: 'run the built-in lab cluster until Ctrl-C; `podnet lab fault ...` acts on a running one',
  details: [
    'Starts a Kubernetes API server on 127.0.0.1 (a free port unless --port is given) that kubectl and',
    'client libraries use as a real cluster, writes a kubeconfig for it (users admin and readonly;',
    'contexts lab and lab-readonly) and prints `lab ready: kubeconfig <path>` once every pod is Running.',
    'Ctrl-C or SIGTERM ends it and removes everything it created, the kubeconfig included.',
    '',
    '  --kubeconfig-out F   where to write the kubeconfig (default: in the lab\'s state folder)',
    '  --scenario S         tutorial (default): the tutorial\'s pods on two nodes;',
    '                       scale: many API-only pods for benchmarks (with --pods, --nodes)',
    '  --pods N, --nodes M  size of the scale scenario (default 2000 pods, 100 nodes)',
    '  --port P             listen on this port instead of a free one',
    '',
    'podnet lab fault FAULT [ARGS] [--kubeconfig F]   (F defaults to $KUBECONFIG, then ~/.kube/config)',
    '  restart-pod POD [-n NS]   delete the pod and recreate it: same name, new uid, new IP',
    '  drop-watches              end every open watch, as an apiserver timeout does',
    '  stop-api / start-api      stop the API server / start it again on the same port',
    '  loss POD PCT / heal POD   drop a share of the pod\'s inbound packets (needs pod networks)',
  ].join('\n'),
  examples: [
    'podnet lab --kubeconfig-out /tmp/lab.kubeconfig',
    'kubectl --kubeconfig /tmp/lab.kubeconfig get pods -o wide',
    'podnet lab fault restart-pod practice-pod --kubeconfig /tmp/lab.kubeconfig',
    'podnet lab --scenario scale --pods 20000 --nodes 500',
  ],
  run: (argv) => {
    // `podnet --kubeconfig F lab fault ...` arrives as `lab --kubeconfig F fault ...`.
    const sub = commandFirst(argv, new Set(['fault']));
    if (sub[0] === 'fault') return runFault(sub.slice(1));
    if (argv[0] === 'agent') return runPodAgent(argv[1] ?? '');
    return runLab(argv);
  },
};

async function runLab(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    'kubeconfig-out': { type: 'string' },
    scenario: { type: 'string', default: 'tutorial' },
    pods: { type: 'string', default: '2000' },
    nodes: { type: 'string', default: '100' },
    port: { type: 'string' },
  });
  if (values.scenario !== 'tutorial' && values.scenario !== 'scale') {
    throw new UsageError(`unknown scenario "${values.scenario}": use tutorial or scale.`);
  }
  const out = values['kubeconfig-out'];
  if (out && existsSync(out) && !readFileSync(out, 'utf8').includes(LAB_EXTENSION)) {
    throw new PodnetError(`${out} exists and is not a lab kubeconfig; the lab will not overwrite it.`, 2, 'choose another --kubeconfig-out path');
  }
  const networked = values.scenario === 'tutorial';
  if (networked) {
    const why = networkingUnavailable();
    if (why) throw new PodnetError(why, 2);
  }
  await sweepLeftovers();
  const now = rfc3339(new Date());
  let scenario;
  try {
    scenario = networked ? undefined : scaleScenario(now, intArg('--pods', values.pods!), intArg('--nodes', values.nodes!));
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError((e as Error).message);
  }
  // Claimed last, once nothing can refuse the start, so a refusal leaves no slot behind.
  const slot = networked ? claimSlot() : undefined;
  scenario ??= tutorialScenario(now, slot!.slot);

  const lab = new Lab({
    scenario, kubeconfigOut: out, port: values.port ? intArg('--port', values.port) : undefined, onStopped: slot?.release,
    ...(networked ? { network: { agentCommand: agentCommand() } } : {}),
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= lab.stop());
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`lab: ${signal}, cleaning up\n`);
    void stop().then(
      () => process.stderr.write('lab: removed (its namespaces, processes and files)\n'),
      (e: Error) => {
        process.stderr.write(`lab: cleaning up failed: ${e.message}\n`);
        process.exitCode = 1;
      },
    ).finally(() => process.exit(process.exitCode ?? 0));
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  // A bug must not leave namespaces and processes behind: clean up, then fail loudly.
  const onCrash = (e: unknown) => {
    process.stderr.write(`lab: this is a bug, please report it: ${(e as Error)?.stack ?? String(e)}\ncleaning up\n`);
    void stop().finally(() => process.exit(1));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    await lab.start();
  } catch (e) {
    await stop().catch(() => {});
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PodnetError(`Cannot start the lab: port ${values.port} is already in use.`, 2, 'podnet lab without --port');
    }
    throw e;
  }
  process.stdout.write(`lab ready: kubeconfig ${lab.kubeconfigPath}\n`);
  process.stdout.write(`try: kubectl --kubeconfig ${lab.kubeconfigPath} get pods -o wide\n`);
  await new Promise(() => {}); // until a signal
  return 0;
}

/**
 * A tutorial lab inside this process for `podnet --lab`: the explorer reaches it only through the
 * kubeconfig it returns, as it would reach any cluster.
 */
export async function startEmbeddedLab(): Promise<{ kubeconfig: string; stop: () => Promise<void> }> {
  const why = networkingUnavailable();
  if (why) throw new PodnetError(why, 2);
  await sweepLeftovers();
  const slot = claimSlot();
  const lab = new Lab({
    scenario: tutorialScenario(rfc3339(new Date()), slot.slot), network: { agentCommand: agentCommand() }, onStopped: slot.release,
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= lab.stop());
  // Until the explorer takes the signals over, Ctrl-C while the lab starts must still clean up.
  const onSignal = () => void stop().finally(() => process.exit(130));
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  try {
    await lab.start();
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
  return { kubeconfig: lab.kubeconfigPath, stop };
}

/** What labs killed with -9 left: their folders, namespaces and the processes in them. */
async function sweepLeftovers(): Promise<void> {
  for (const dead of deadLabDirs()) {
    removeStaleKubeconfig(join(dead.dir, 'kubeconfig-out'));
    removeDir(dead.dir);
  }
  if (process.getuid?.() === 0) await sweepDeadLabNamespaces();
}

/** A dead lab's --kubeconfig-out file, only while it is still a lab kubeconfig (never a user's file). */
function removeStaleKubeconfig(record: string): void {
  try {
    const path = readFileSync(record, 'utf8').trim();
    if (path && readFileSync(path, 'utf8').includes(LAB_EXTENSION)) rmSync(path, { force: true });
  } catch {
    // no record, or the file is gone already
  }
}

/** This program, run again inside a pod's namespace as its agent. */
function agentCommand(): string[] {
  return [process.execPath, process.argv[1]!, 'lab', 'agent'];
}

async function runFault(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { kubeconfig: { type: 'string' }, namespace: { type: 'string', short: 'n' } }, true);
  const [fault, ...args] = positionals;
  if (!fault || !FAULTS.includes(fault)) {
    throw new UsageError(`name a fault: ${FAULTS.join(', ')}.`);
  }
  const kubeconfig = values.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config');
  let socket: string;
  try {
    socket = controlSocketOf(kubeconfig);
  } catch (e) {
    throw new PodnetError((e as Error).message, 2, 'podnet lab fault ... --kubeconfig <the path `podnet lab` printed>');
  }
  if (values.namespace) args.push('-n', values.namespace);
  try {
    process.stdout.write(`${await callFault(socket, fault, args)}\n`);
    return 0;
  } catch (e) {
    throw new PodnetError((e as Error).message, 2);
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function intArg(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} takes a whole number, not "${v}".`);
  return Number(v);
}
