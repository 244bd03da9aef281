// Drives the probe console without a cluster: a scripted engine (the real effects start it) and
// RunEvents parsed by the real parsers from the real captured tool output in test/fixtures/probe.
import type { KubeConfig } from '@kubernetes/client-node';
import { loadFixture, run } from '../fixtures/probe/load.js';
import { parserFor, type ProbeSpec } from '../../src/probe/index.js';
import type { ProbeRequest, RunEvent, RunOutcome } from '../../src/probe/runner.js';
import type { ToolId } from '../../src/probe/types.js';
import { startProbeEffects, type ProbeDeps } from '../../src/effects/probes.js';
import type { Session } from '../../src/kube/session.js';
import type { Store } from '../../src/state/store.js';
import type { AppState } from '../../src/state/reducer.js';
import type { HistoryEntry } from '../../src/state/slices/probe.js';

export interface ScriptedRun {
  req: ProbeRequest;
  emit: (...e: RunEvent[]) => void;
  finish: (o: RunOutcome) => void;
  stoppedWith: { reason: string; message: string | undefined } | undefined;
}

/** Events and result of a fixture, as the engine would report them for `spec`. */
export function fixtureRun(tool: ToolId, name: string, spec: ProbeSpec, container = 'busybox'): { events: RunEvent[]; outcome: RunOutcome } {
  const fx = loadFixture(tool, name);
  const { events, result } = run(fx, parserFor(spec));
  return {
    events: [{ type: 'tool', tool, container }, ...events.map((event): RunEvent => ({ type: 'probe', event }))],
    outcome: { reason: 'completed', result, tool, container, message: null },
  };
}

export function scriptedEngine(o: { stopGraceMs?: number } = {}) {
  const runs: ScriptedRun[] = [];
  const written: { history: readonly HistoryEntry[]; format: 'json' | 'csv' }[] = [];
  const deps: ProbeDeps = {
    start: (_kc: KubeConfig, req, onEvent) => {
      let resolve!: (o: RunOutcome) => void;
      const done = new Promise<RunOutcome>((r) => (resolve = r));
      const r: ScriptedRun = { req, emit: (...es) => es.forEach(onEvent), finish: (x) => resolve(x), stoppedWith: undefined };
      runs.push(r);
      return {
        stop(reason = 'stopped', message) {
          if (r.stoppedWith) return;
          r.stoppedWith = { reason, message };
          resolve({ reason, result: null, tool: null, container: null, message: message ?? null });
        },
        done,
      };
    },
    writeHistory: async (history, format) => {
      written.push({ history, format });
      return { path: `/tmp/podnet-probes-test.${format}`, count: history.filter((h) => h.outcome).length };
    },
    now: () => 1_000,
    stopGraceMs: o.stopGraceMs ?? 5_000,
  };
  const attach = (store: Store<AppState>) => startProbeEffects(store, () => ({ kc: {} } as unknown as Session), deps);
  return { runs, written, deps, attach };
}

export const tick = (ms = 60) => new Promise((r) => setTimeout(r, ms));
