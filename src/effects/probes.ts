// The probe console's reactor (owned by the probe console): starts the runs the state asks for,
// feeds their events back as actions, stops them when the user says so, when a new probe replaces
// them, or when their pods go away (deleted, replaced, or the pod list is no longer live), and
// writes the history when asked. The engine is injected, so tests drive the console with
// scripted events; nothing here waits on the engine forever.
import type { KubeConfig } from '@kubernetes/client-node';
import type { AppState } from '../state/reducer.js';
import type { Store } from '../state/store.js';
import type { Session } from '../kube/session.js';
import type { EndReason, ProbeRequest, ProbeRun, RunEvent, RunOutcome } from '../probe/runner.js';
import { runsToEnd } from '../state/probeSelectors.js';
import type { HistoryEntry } from '../state/slices/probe.js';
import { startProbe } from '../probe/run.js';
import { writeProbeHistory } from './probeHistory.js';
import { reconciler } from './reconciler.js';

export type StartProbe = (kc: KubeConfig, req: ProbeRequest, onEvent: (e: RunEvent) => void) => ProbeRun;
type StopReason = Extract<EndReason, 'stopped' | 'source-gone' | 'target-gone' | 'api-lost'>;

export interface ProbeDeps {
  start: StartProbe;
  /** Writes the finished runs of the history; resolves with the path written and how many. */
  writeHistory: (history: readonly HistoryEntry[], format: 'json' | 'csv') => Promise<{ path: string; count: number }>;
  now: () => number;
  /** How long a stopped run may take to confirm before the console ends it itself. */
  stopGraceMs: number;
}

export const TICK_MS = 1000;

export const defaultProbeDeps: ProbeDeps = { start: startProbe, writeHistory: writeProbeHistory, now: Date.now, stopGraceMs: 5_000 };

interface Live {
  run: ProbeRun;
  stopped: boolean;
  ended: boolean;
  grace: NodeJS.Timeout | undefined;
}

export function startProbeEffects(store: Store<AppState>, session: () => Session, deps: ProbeDeps = defaultProbeDeps): { stop: () => void } {
  const dispatch = store.dispatch;
  const live = new Map<number, Live>();
  let exported = store.getState().probe.exportRequest?.id ?? 0;
  let closed = false;
  /** Every run id ever started: a run is started once, even if its state lingers. */
  const started = new Set<number>();

  const ended = (id: number, outcome: RunOutcome) => {
    const l = live.get(id);
    if (!l || l.ended) return;
    l.ended = true;
    clearTimeout(l.grace);
    live.delete(id);
    if (!closed) dispatch({ type: 'probe/ended', runId: id, outcome, at: deps.now() });
  };

  const stopRun = (id: number, reason: StopReason, message: string) => {
    const l = live.get(id);
    if (!l || l.stopped) return;
    l.stopped = true;
    try {
      l.run.stop(reason, message);
    } catch {
      // the engine promised an idempotent stop; a throw still ends the run below
    }
    // Nothing hangs: when the engine does not confirm in time, the console ends the run itself.
    l.grace = setTimeout(() => ended(id, { reason, result: null, tool: null, container: null, message }), deps.stopGraceMs);
    l.grace.unref?.();
  };

  const begin = (id: number, req: ProbeRequest) => {
    let run: ProbeRun;
    try {
      run = deps.start(session().kc, req, (event) => {
        if (!closed && live.has(id) && !live.get(id)!.ended) dispatch({ type: 'probe/event', runId: id, event, at: deps.now() });
      });
    } catch (e) {
      dispatch({ type: 'probe/ended', runId: id, outcome: failed(e), at: deps.now() });
      return;
    }
    live.set(id, { run, stopped: false, ended: false, grace: undefined });
    run.done.then((o) => ended(id, o), (e) => ended(id, failed(e)));
  };

  const step = (s: AppState) => {
    const c = s.probe.console;
    const shown = new Map(c?.runs.map((r) => [r.id, r]) ?? []);
    // Runs no longer on screen were replaced by a newer probe (or the console was closed).
    for (const id of [...live.keys()]) if (!shown.has(id)) stopRun(id, 'stopped', 'stopped: replaced by a newer probe');
    for (const r of shown.values()) {
      if (r.status === 'running' && !live.has(r.id) && r.endedAt === undefined && !started.has(r.id)) {
        started.add(r.id);
        begin(r.id, r.req);
      } else if (r.status === 'stopping' && r.ending) {
        stopRun(r.id, r.ending.reason as StopReason, r.ending.message);
      }
    }
    const gone = runsToEnd(s);
    if (gone) dispatch({ type: 'probe/ending', ...gone });
    const ex = s.probe.exportRequest;
    if (ex && ex.id !== exported) {
      exported = ex.id;
      deps.writeHistory(s.probe.history, ex.format).then(
        (w) => dispatch({ type: 'flash/shown', level: 'info', text: `Wrote ${w.count} probe result${w.count === 1 ? '' : 's'} as ${ex.format.toUpperCase()} to ${w.path}` }),
        (e) => dispatch({ type: 'flash/shown', level: 'error', text: `Could not write the probe history: ${(e as Error).message}` }),
      );
    }
  };
  const reconcile = reconciler(() => step(store.getState()), () => closed);

  const unsubscribe = store.subscribe(reconcile);
  reconcile();
  // The console's clock: only while a ping runs, so an idle explorer writes nothing for it.
  const clock = setInterval(() => {
    const c = store.getState().probe.console;
    if (c?.runs.some((r) => r.status === 'running' && r.kind === 'ping')) dispatch({ type: 'probe/ticked', now: deps.now() });
  }, TICK_MS);
  clock.unref();
  return {
    stop() {
      closed = true;
      clearInterval(clock);
      unsubscribe();
      // Quitting ends every run in the pod too: the engine bounds and kills what it started.
      for (const [, l] of live) {
        clearTimeout(l.grace);
        if (!l.stopped) {
          try {
            l.run.stop('stopped');
          } catch {
            // nothing more to do on the way out
          }
        }
      }
      live.clear();
    },
  };
}

function failed(e: unknown): RunOutcome {
  return { reason: 'failed', result: null, tool: null, container: null, message: (e as Error)?.message ?? String(e) };
}
