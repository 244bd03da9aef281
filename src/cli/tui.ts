// `podnet [flags]` and `podnet --lab`: the full-screen explorer. Opens the kubeconfig (errors are
// one sentence on stderr, before the screen), creates the store and the effects, renders the App,
// and tears everything down on every way out: q, Ctrl-C, SIGTERM/SIGHUP, a crash.
import { CLUSTER_OPTIONS, parseFlags } from './args.js';
import { setFlagsFromString } from 'node:v8';
import type { Instance } from 'ink';
import type { Command } from './commands.js';
import { PodnetError, UsageError } from '../errors.js';
import { openSession, type Session } from '../kube/session.js';
import { createStore, type Store } from '../state/store.js';
import { initialState, reducer, type AppState } from '../state/reducer.js';
import { allNamespaces, inNamespace } from '../state/model.js';
import { startEffects } from '../effects/runEffects.js';
import { noColorFromEnv } from '../ui/theme.js';
import { enterFullScreen } from '../ui/terminal.js';

const DETAILS = [
  'A full-screen, keyboard-driven view of the cluster\'s nodes and pods (live). Mark a source (s)',
  'and a target (t): p pings, h fetches HTTP, c tests a TCP port, n resolves DNS and b measures',
  'bandwidth, live, from inside the source pod; the services pane shows the Services in front of',
  'the target with their URLs; f toggles a port-forward on 127.0.0.1 that follows the pod through',
  'restarts, e exposes the target. Press ? in the explorer for the keys of the focused pane.',
  '',
  '  --kubeconfig F         use this kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)',
  '  --context C            use this context instead of the current one',
  '  -n, --namespace NS     show the pods of NS (default: the context\'s namespace)',
  '  -A, --all-namespaces   show the pods of every namespace',
  '  --readonly             leave out every key that would open a port or change the cluster',
  '                         (forwards, expose, bandwidth, debug containers; probes still exec)',
  '  --lab                  start a built-in lab, explore it, and remove it on exit (needs root)',
  '',
  'It needs a terminal; without one it exits 2 (use `podnet probe` for one probe without it).',
].join('\n');

export const tuiCommand: Command = {
  name: '',
  usage: 'podnet [--kubeconfig F] [--context C] [-n NS | -A] [--readonly]',
  summary: 'the full-screen explorer: nodes and pods live, probes from inside pods, Services, forwards',
  details: DETAILS,
  examples: ['podnet', 'podnet --context staging -n payments', 'podnet -A --readonly', 'podnet --lab'],
  run: (argv) => runTui(argv),
};

export const labTuiCommand: Command = {
  ...tuiCommand,
  name: '--lab',
  usage: 'podnet --lab [-n NS | -A] [--readonly]',
  summary: 'the explorer on a fresh built-in lab, removed again on exit',
  run: (argv) => runTui(['--lab', ...argv]),
};

interface TuiOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  all: boolean;
  readonly: boolean;
  lab: boolean;
}

export function parseTuiArgs(argv: string[]): TuiOptions {
  const { values } = parseFlags(argv, {
    ...CLUSTER_OPTIONS,
    'all-namespaces': { type: 'boolean', short: 'A', default: false },
    readonly: { type: 'boolean', default: false },
    lab: { type: 'boolean', default: false },
  });
  const o: TuiOptions = { ...values, all: values['all-namespaces'], readonly: values.readonly, lab: values.lab };
  if (o.namespace !== undefined && o.all) throw new UsageError('-n and -A cannot be used together.');
  if (o.lab && (o.kubeconfig || o.context)) throw new UsageError('--lab makes its own kubeconfig; leave out --kubeconfig and --context.');
  return o;
}

export async function runTui(argv: string[]): Promise<number> {
  const o = parseTuiArgs(argv);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new PodnetError('The explorer needs a terminal: standard input and output must both be a TTY.', 2,
      'podnet probe SRC DST, which runs one probe without the full screen');
  }
  // V8's memory-frugal heap sizing: 20,000 pods in ~140 MB RSS instead of ~250 MB, for a full
  // list that takes ~1 s longer (bench/tuiStartup.ts); the first screenful is not slower.
  setFlagsFromString('--optimize-for-size');
  let lab: { kubeconfig: string; stop: () => Promise<void> } | undefined;
  let hungUp = false;
  if (o.lab) {
    process.stderr.write('podnet: starting the lab...\n');
    lab = await (await import('./lab.js')).startEmbeddedLab();
  }
  try {
    const session = openSession({ kubeconfig: lab?.kubeconfig ?? o.kubeconfig, context: o.context });
    const scope = o.all ? allNamespaces : o.namespace ? inNamespace(o.namespace) : undefined;
    const store = createStore(reducer, initialState({ context: session.context, scope, readonly: o.readonly, now: Date.now() }));
    const code = await explore(store, session, noColorFromEnv());
    if (code === HANGUP) hungUp = true;
    return code;
  } finally {
    if (lab) {
      if (!hungUp) process.stderr.write('podnet: removing the lab...\n');
      await lab.stop();
      if (!hungUp) process.stderr.write('podnet: the lab is removed (its namespaces, processes and files).\n');
    }
    // With the terminal gone, Node's exit would fail to reset it and abort (an assertion in
    // ResetStdio on EIO): end the way a hung-up program ends, by the signal itself.
    if (hungUp) {
      process.removeAllListeners('SIGHUP');
      process.kill(process.pid, 'SIGHUP');
    }
  }
}

const HANGUP = 129;

/** Ink draws no frames when CI is set (is-in-ci, read once when Ink loads). This is a terminal
 * (checked above), so Ink is loaded without it; the variable is put back for everyone else. */
async function loadInk(): Promise<typeof import('../ui/mount.js')> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await import('../ui/mount.js');
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  }
}
const FIRST_DATA_WAIT_MS = 250;

function firstData(store: Store<AppState>, timeoutMs: number): Promise<void> {
  const ready = (s: AppState) => s.pods.order.length > 0 || s.pods.synced || s.session.watches.pods.state === 'failed';
  return new Promise((resolve) => {
    if (ready(store.getState())) return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const unsubscribe = store.subscribe(() => ready(store.getState()) && done());
  });
}

async function explore(store: Store<AppState>, session: Session, noColor: boolean): Promise<number> {
  const screen = enterFullScreen(process.stdout, process.stdin);
  const effects = startEffects(store, session);
  let instance: Instance | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  const onResize = () => {
    screen.clear();
    instance?.clear();
  };
  const signals = { SIGTERM: 143, SIGHUP: HANGUP, SIGINT: 130 } as const;
  const onSignal = (signal: NodeJS.Signals) => finish(signals[signal as keyof typeof signals] ?? 1);
  // The terminal went away (SIGHUP, a closed SSH session): nothing left to draw on or restore.
  // (The listeners stay: Ink's own last writes on unmount would otherwise crash on EIO.)
  const onGone = () => finish(signals.SIGHUP);
  // A crash anywhere (a render error, an uncaught exception) tears down like a quit, then the
  // error goes to main's one catch, which explains it on the restored terminal.
  let crash: { err: unknown } | undefined;
  const onCrash = (err: unknown) => {
    crash ??= { err };
    finish(2);
  };
  process.stdout.on('resize', onResize);
  process.stdout.on('error', onGone);
  process.stdin.on('error', onGone);
  for (const s of Object.keys(signals)) process.on(s, onSignal);
  process.on('uncaughtException', onCrash);
  const unsubscribe = store.subscribe(() => store.getState().view.quitting && finish(0));
  try {
    // The watches started above are loading while React and Ink are being evaluated.
    const { mountApp } = await loadInk();
    // A first frame that already shows pods, unless the cluster is slow to answer.
    await firstData(store, FIRST_DATA_WAIT_MS);
    instance = mountApp(store, { noColor });
    instance.waitUntilExit().then(() => finish(0), onCrash);
    const code = await done;
    if (crash) throw crash.err;
    return code;
  } finally {
    unsubscribe();
    effects.stop();
    instance?.unmount();
    screen.restore();
    process.stdout.off('resize', onResize);
    for (const s of Object.keys(signals)) process.off(s, onSignal);
    process.off('uncaughtException', onCrash);
  }
}
