// The probe console's state, pure: the reducer fed events parsed from real captured output, the
// plans the keys build, the runs that must end, the lines a run draws, and the number formats.
import { describe, expect, it } from 'vitest';
import { initialState, reducer, type AppState } from './reducer.js';
import type { Action } from './actions.js';
import { inNamespace, type PodView } from './model.js';
import { MAX_LINES, pingFigures, reduceProbe, initialProbe } from './slices/probe.js';
import { planFor, runsToEnd } from './probeSelectors.js';
import { runView } from './probeView.js';
import { sparkline } from './probeSparkline.js';
import { rttText, lossText } from './probeFormat.js';
import { loadFixture, run } from '../../test/fixtures/probe/load.js';
import { createPingParser } from '../probe/index.js';
import type { RunEvent } from '../probe/runner.js';

const pod = (name: string, over: Partial<PodView> = {}): PodView => ({
  key: `default/${name}`, uid: `uid-${name}`, namespace: 'default', name, resourceVersion: '1', ip: '10.244.0.2', hostIP: '127.0.10.1',
  node: 'lab-node-1', phase: 'Running', status: 'Running', ready: '1/1', restartCount: 0, lastRestartMs: undefined, createdMs: 0, labels: {}, ports: [], ...over,
});

function state(...actions: Action[]): AppState {
  let s = initialState({ context: 'lab', scope: undefined, readonly: false, now: 0 });
  const all: Action[] = [
    { type: 'session/opened', session: { context: 'lab', contexts: ['lab'], cluster: 'lab', server: 'https://127.0.0.1', user: 'admin', scope: inNamespace('default') } },
    { type: 'pods/changed', upserts: [pod('client-pod', { ip: '10.244.0.3' }), pod('practice-pod', { ip: '10.244.0.4', ports: [{ container: 'nginx', name: 'http', port: 80, protocol: 'TCP' }] })], deleted: [], at: 0 },
    { type: 'watch/synced', resource: 'pods' },
    { type: 'mark/sourceToggled', ref: { namespace: 'default', name: 'client-pod' } },
    { type: 'mark/targetToggled', ref: { namespace: 'default', name: 'practice-pod' } },
    ...actions,
  ];
  for (const a of all) s = reducer(s, a);
  return s;
}

const pingEvents = (name: string): RunEvent[] => {
  const { events } = run(loadFixture('busybox-ping', name), createPingParser('busybox-ping'));
  return [{ type: 'tool', tool: 'busybox-ping', container: 'busybox' }, ...events.map((event): RunEvent => ({ type: 'probe', event }))];
};

function started(kind: 'ping' | 'http' | 'tcp' | 'dns' = 'ping'): AppState {
  const s = state();
  const plan = planFor(s, kind);
  if ('error' in plan) throw new Error(plan.error);
  return reducer(s, { type: 'probe/requested', plan, at: 5 });
}

describe('planFor', () => {
  it('asks for both marks, and builds the request from the pods as they are', () => {
    const none = planFor(reducer(state(), { type: 'mark/targetToggled', ref: { namespace: 'default', name: 'practice-pod' } }), 'ping');
    expect(none).toEqual({ error: 'Mark a source pod (s) and a target pod (t) first.' });
    const plan = planFor(state(), 'http');
    expect(plan).toMatchObject({
      kind: 'http', source: { name: 'client-pod', uid: 'uid-client-pod', ip: '10.244.0.3' }, target: { name: 'practice-pod', ip: '10.244.0.4' },
      runs: [{ label: 'pod 10.244.0.4:80', req: { kind: 'http', host: '10.244.0.4', port: 80, path: '/', source: { namespace: 'default', pod: 'client-pod' }, debug: 'never', readonly: false } }],
    });
  });

  it('a target without an IP yet cannot be probed', () => {
    const s = state({ type: 'pods/changed', upserts: [pod('practice-pod', { ip: '', resourceVersion: '2', status: 'Pending' })], deleted: [], at: 0 });
    expect(planFor(s, 'ping')).toEqual({ error: 'The target pod practice-pod has no IP yet (Pending); wait for it to run.' });
  });
});

describe('the probe slice', () => {
  it('counts a ping live from real output with gaps, then takes the tool\'s own summary', () => {
    let s = started();
    const events = pingEvents('loss-partial');
    for (const e of events.slice(0, 12)) s = reducer(s, { type: 'probe/event', runId: 1, event: e, at: 6 });
    const r = s.probe.console!.runs[0]!;
    expect(r.lines.map((l) => l.text).slice(0, 3)).toEqual(['seq=0 lost', 'seq=1 ttl=64 time=0.130 ms', 'seq=2 ttl=64 time=0.110 ms']);
    expect(pingFigures(r)).toMatchObject({ sent: r.ping.received + r.ping.lost, lossPct: expect.any(Number) });
    for (const e of events.slice(12)) s = reducer(s, { type: 'probe/event', runId: 1, event: e, at: 7 });
    expect(pingFigures(s.probe.console!.runs[0]!)).toMatchObject({ sent: 40, received: 22, lossPct: 45 });
  });

  it('keeps only the last MAX_LINES lines however long a ping runs', () => {
    let s = started();
    for (let seq = 0; seq < MAX_LINES * 3; seq++) {
      s = reducer(s, { type: 'probe/event', runId: 1, at: 6, event: { type: 'probe', event: { type: 'reply', seq, ttl: 64, rttMs: 0.1, from: '10.244.0.4' } } });
    }
    const r = s.probe.console!.runs[0]!;
    expect(r.lines).toHaveLength(MAX_LINES);
    expect(r.lines.at(-1)!.text).toBe(`seq=${MAX_LINES * 3 - 1} ttl=64 time=0.100 ms`);
    expect(pingFigures(r).received).toBe(MAX_LINES * 3);
  });

  it('x stops what runs, then closes the console; the history keeps every run', () => {
    let s = reducer(started(), { type: 'probe/stopRequested' });
    expect(s.probe.console!.runs[0]).toMatchObject({ status: 'stopping', ending: { reason: 'stopped' } });
    s = reducer(s, { type: 'probe/ended', runId: 1, at: 9, outcome: { reason: 'stopped', result: null, tool: 'busybox-ping', container: 'busybox', message: null } });
    expect(s.probe.console!.runs[0]!.status).toBe('ended');
    s = reducer(s, { type: 'probe/stopRequested' });
    expect(s.probe.console).toBeUndefined();
    expect(s.probe.history).toMatchObject([{ runId: 1, kind: 'ping', host: '10.244.0.4', endedAt: 9, outcome: { reason: 'stopped' } }]);
  });

  it('events of a run that is no longer on screen change nothing', () => {
    const s = started();
    expect(reducer(s, { type: 'probe/event', runId: 99, at: 6, event: { type: 'progress', text: 'x' } })).toBe(s);
    expect(reduceProbe(initialProbe, { type: 'probe/stopRequested' })).toBe(initialProbe);
  });

  it('needs-debug asks to add a debug container, unless read-only or forbidden', () => {
    const ended = (s: AppState, fault?: 'permission') => reducer(s, { type: 'probe/ended', runId: 1, at: 9, outcome: { reason: 'needs-debug', fault, result: null, tool: null, container: null, message: 'no tools' } });
    const asked = ended(started()).probe.modal;
    expect(asked).toMatchObject({ type: 'confirm', plan: { runs: [{ req: { debug: 'use' } }] } });
    expect(ended(started(), 'permission').probe.modal).toBeUndefined();
  });
});

describe('runsToEnd', () => {
  it('the target deleted, the source replaced (new uid), the pod list no longer live', () => {
    const s = started();
    expect(runsToEnd(s)).toBeUndefined();
    const deleted = reducer(s, { type: 'pods/changed', upserts: [], deleted: [{ key: 'default/practice-pod', uid: 'uid-practice-pod' }], at: 1 });
    expect(runsToEnd(deleted)).toEqual({ runIds: [1], reason: 'target-gone', message: 'stopped: the target pod practice-pod was deleted' });
    const replaced = reducer(s, { type: 'pods/changed', upserts: [pod('client-pod', { uid: 'new', ip: '10.244.0.9' })], deleted: [], at: 1 });
    expect(runsToEnd(replaced)).toMatchObject({ reason: 'source-gone', message: 'stopped: the source pod client-pod was replaced by a new pod (IP 10.244.0.9)' });
    const lost = reducer(s, { type: 'watch/failed', resource: 'pods', message: 'The API server is not answering.', retryInMs: 1000 });
    expect(runsToEnd(lost)).toMatchObject({ reason: 'api-lost' });
    // once ending, the same run is not ended twice
    expect(runsToEnd(reducer(deleted, { type: 'probe/ending', ...runsToEnd(deleted)! }))).toBeUndefined();
  });
});

describe('runView', () => {
  it('a ping the tool has said nothing about for a while says so, from the console clock', () => {
    let s = started();
    const events = pingEvents('ok');
    // The tool and the first reply arrive at 1 s; then silence (busybox prints nothing for a loss).
    for (const e of events.slice(0, 3)) s = reducer(s, { type: 'probe/event', runId: 1, event: e, at: 1_000 });
    const r = () => s.probe.console!.runs[0]!;
    const status = (now: number) => runView(r(), { width: 40, height: 8, readonly: false, now }).at(-1)!;
    expect(status(2_000)).toMatchObject({ text: 'running · x stop', tone: 'dim' });
    expect(status(13_400)).toMatchObject({ text: 'no reply for 12 s · x stop', tone: 'warn' });
    // the ticks reach the state only as the clock, and a reply resets the silence
    s = reducer(s, { type: 'probe/ticked', now: 13_400 });
    expect(s.probe.now).toBe(13_400);
    s = reducer(s, { type: 'probe/event', runId: 1, event: events[3]!, at: 13_500 });
    expect(status(14_000)).toMatchObject({ text: 'running · x stop' });
  });

  it('header, replies, sparkline and figures fit the box; the newest replies win', () => {
    let s = started();
    for (const e of pingEvents('ok')) s = reducer(s, { type: 'probe/event', runId: 1, event: e, at: 6 });
    const lines = runView(s.probe.console!.runs[0]!, { width: 40, height: 5, readonly: false }).map((l) => l.text);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('pod 10.244.0.4  busybox ping in busybox');
    expect(lines[1]).toBe('seq=4 ttl=64 time=0.118 ms');
    expect(lines.slice(2)).toEqual([expect.stringMatching(/^rtt [▁-█]{5}$/), 'recv 5/5  loss 0%  rtt 0.079/0.097/0.122', 'running · x stop']);
    // figures at the bottom of a taller box, replies from the top: rows do not move
    const tall = runView(s.probe.console!.runs[0]!, { width: 40, height: 10, readonly: false }).map((l) => l.text);
    expect(tall.slice(1, 6).map((l) => l.slice(0, 5))).toEqual(['seq=0', 'seq=1', 'seq=2', 'seq=3', 'seq=4']);
    expect(tall.slice(6)).toEqual([' ', expect.stringMatching(/^rtt /), 'recv 5/5  loss 0%  rtt 0.079/0.097/0.122', 'running · x stop']);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
  });
});

describe('formats', () => {
  it('RTTs as each tool prints them', () => {
    expect(rttText('busybox-ping', 0.13)).toBe('0.130');
    expect(rttText('busybox-ping', 12.5)).toBe('12.500');
    expect([0.129, 1.23, 12.3, 123].map((n) => rttText('iputils-ping', n))).toEqual(['0.129', '1.23', '12.3', '123']);
    expect(lossText(3, 2)).toBe('33.3%');
  });

  it('sparkline: scaled to what is shown, losses as dots, flat sits low', () => {
    expect(sparkline([1, 2, null, 3], 10)).toBe('▁▅·█');
    expect(sparkline([5, 5, 5], 2)).toBe('▁▁');
    expect(sparkline([null, null], 5)).toBe('··');
  });
});
