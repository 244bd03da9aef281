// What the probe console's keys and effects report (owned by the probe console). Keys ask
// (probe/requested, probe/stopRequested, ...); the effects answer with what the engine did
// (probe/event, probe/ended) and with why a run must end (probe/ending).
import type { EndReason, ProbeRequest, RunEvent, RunKind, RunOutcome } from '../probe/runner.js';
import type { PodRef } from './model.js';

/** One end of a probe as it was when the probe started: a restart (new uid) ends the probe. */
export interface ProbeEnd extends PodRef {
  uid: string;
  ip: string;
  node: string;
}

/** One run of a console session, before the reducer numbers it. */
export interface RunPlan {
  /** What the column is about: "pod", "svc practice-service", "PTR 10.244.0.4". */
  label: string;
  req: ProbeRequest;
}

export interface ConsolePlan {
  kind: RunKind;
  source: ProbeEnd;
  target: ProbeEnd;
  /** One run, or two (pod IP and Service VIP) side by side, or one per DNS name. */
  runs: RunPlan[];
}

export type ChoiceKind = 'tcp' | 'http';

export type ProbeAction =
  | { type: 'probe/requested'; plan: ConsolePlan; at: number }
  /** `x`: stop what runs (or close the chooser / confirmation; with nothing running, close the console). */
  | { type: 'probe/stopRequested' }
  /** A run must end for a reason the console saw (pod gone, restarted, API lost). */
  | { type: 'probe/ending'; runIds: number[]; reason: Extract<EndReason, 'stopped' | 'source-gone' | 'target-gone' | 'api-lost'>; message: string }
  | { type: 'probe/event'; runId: number; event: RunEvent; at: number }
  | { type: 'probe/ended'; runId: number; outcome: RunOutcome; at: number }
  /** Each second while a ping runs: silence from the tool shows as "no reply for N s". */
  | { type: 'probe/ticked'; now: number }
  /** A port chooser: one ready plan per port offered (from the target's spec). */
  | { type: 'probe/choiceOpened'; kind: ChoiceKind; choices: { port: number; plan: ConsolePlan }[] }
  | { type: 'probe/choiceMoved'; by: 1 | -1 }
  /** A confirmation line: the plan runs only after `y`. */
  | { type: 'probe/confirmAsked'; text: string; plan: ConsolePlan }
  /** `y` (or enter in the console): run the chooser's port, or what the confirmation line offered. */
  | { type: 'probe/confirmed'; at: number }
  | { type: 'probe/cancelled' }
  | { type: 'probe/exportRequested'; format: 'json' | 'csv' };
