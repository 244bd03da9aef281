// Bandwidth tests end to end against the lab: startBandwidth from client-pod (busybox) to
// practice-pod (nginx), neither of which has iperf3, so both get podnet's debug container; Mbit/s
// arrive live, and afterwards no iperf3 is left in either pod's network namespace.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../../src/kube/request.js';
import { startBandwidth } from '../../src/probe/runBandwidth.js';
import type { BandwidthResult, ProbeRequest, RunEvent } from '../../src/probe/runner.js';
import { startLab, type RunningLab } from '../helpers/lab.js';
import { kubeConfig } from '../helpers/podExec.js';
import { poll } from '../helpers/poll.js';

let lab: RunningLab;
let kc: ReturnType<typeof kubeConfig>;
const ips: Record<string, string> = {};

beforeAll(async () => {
  lab = await startLab();
  kc = kubeConfig(lab.kubeconfig);
  const pods = await getJson<{ items: { metadata: { name: string }; status: { podIP: string } }[] }>(kc, '/api/v1/namespaces/default/pods');
  for (const p of pods.items) ips[p.metadata.name] = p.status.podIP;
}, 90_000);

afterAll(async () => {
  await lab?.stop();
});

/** The lab namespace that holds this pod IP. */
function netnsOf(ip: string): string {
  const all = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(`podnet-${lab.child.pid}-pod-`));
  const ns = all.find((n) => execFileSync('ip', ['-n', n, '-4', '-o', 'addr'], { encoding: 'utf8' }).includes(` ${ip}/`));
  if (!ns) throw new Error(`no lab namespace holds ${ip}`);
  return ns;
}

/** Processes in a namespace whose command line mentions iperf3 (iperf3 itself, or a `timeout` around it). */
function iperfProcesses(ns: string): { pid: number; comm: string; cmd: string }[] {
  const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  const out: { pid: number; comm: string; cmd: string }[] = [];
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm === 'iperf3' || cmd.includes('iperf3')) out.push({ pid, comm, cmd });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return out;
}

const request = (o: Partial<ProbeRequest> = {}): ProbeRequest => ({
  kind: 'bandwidth',
  source: { namespace: 'default', pod: 'client-pod' },
  host: ips['practice-pod']!,
  targetPod: { namespace: 'default', pod: 'practice-pod' },
  durationS: 3,
  debug: 'use',
  ...o,
});

function record(): { events: { e: RunEvent; t: number }[]; onEvent: (e: RunEvent) => void } {
  const events: { e: RunEvent; t: number }[] = [];
  return { events, onEvent: (e) => events.push({ e, t: Date.now() }) };
}

async function expectNothingLeft(): Promise<void> {
  const spaces = [netnsOf(ips['client-pod']!), netnsOf(ips['practice-pod']!)];
  // iperf3 itself is gone when the run says it is done...
  expect(spaces.flatMap(iperfProcesses).filter((p) => p.comm === 'iperf3')).toEqual([]);
  // ...and busybox timeout's watcher, which polls its child once a second, follows within it.
  await poll('no iperf3 command line left in the pods', () => spaces.flatMap(iperfProcesses).length === 0, 3_000);
}

describe('bandwidth between two lab pods', () => {
  it("gives needs-debug with a sentence when neither pod has iperf3 and debug is 'never'", async () => {
    const { events, onEvent } = record();
    const out = await startBandwidth(kc, request({ debug: 'never' }), onEvent).done;
    expect(out.reason).toBe('needs-debug');
    expect(out.result).toBeNull();
    expect(out.message).toMatch(/^Cannot test bandwidth from default\/client-pod to default\/practice-pod: .*no iperf3.*\.$/);
    expect(events.some(({ e }) => e.type === 'bandwidth' || e.type === 'tool')).toBe(false);
    // Nothing was added to either pod.
    for (const pod of ['client-pod', 'practice-pod']) {
      const json = await getJson<{ spec: { ephemeralContainers?: unknown[] } }>(kc, `/api/v1/namespaces/default/pods/${pod}`);
      expect(json.spec.ephemeralContainers ?? []).toEqual([]);
    }
  });

  it('adds debug containers to both pods and reports Mbit/s live per interval, then leaves nothing running', async () => {
    const { events, onEvent } = record();
    const t0 = Date.now();
    const out = await startBandwidth(kc, request(), onEvent).done;
    const tDone = Date.now();
    expect(out.message).toBeNull();
    expect(out.reason).toBe('completed');
    expect(out.tool).toBe('iperf3');
    expect(out.container).toMatch(/^podnet-debug-\d+$/);

    const progress = events.flatMap(({ e }) => (e.type === 'progress' ? [e.text] : []));
    expect(progress.filter((t) => /adding debug container/.test(t)).join('\n')).toMatch(/client-pod[\s\S]*practice-pod|practice-pod[\s\S]*client-pod/);
    expect(progress.some((t) => /one-off iperf3 server in default\/practice-pod/.test(t))).toBe(true);
    const tool = events.find(({ e }) => e.type === 'tool')!.e;
    expect(tool).toMatchObject({ type: 'tool', tool: 'iperf3', container: out.container });

    const live = events.filter(({ e }) => e.type === 'bandwidth');
    expect(live.length).toBe(3);
    const intervals = live.map(({ e }) => (e.type === 'bandwidth' ? e.interval : null)!);
    expect(intervals.map((i) => [i.startS, i.endS])).toEqual([[0, 1], [1, 2], [2, 3]]);
    for (const i of intervals) {
      expect(i.mbitPerS).toBeGreaterThan(0);
      expect(i.bytes).toBeGreaterThan(0);
    }
    // Live: the first second's figure came about two seconds before the test ended.
    expect(tDone - live[0]!.t).toBeGreaterThan(1500);
    expect(live[0]!.t - t0).toBeLessThan(tDone - t0 - 1500);

    const result = out.result as BandwidthResult;
    expect(result).toMatchObject({ ok: true, tool: 'iperf3', error: null });
    expect(result.intervals).toEqual(intervals);
    expect(result.sentMbitPerS).toBeGreaterThan(0);
    expect(result.receivedMbitPerS).toBeGreaterThan(0);

    await expectNothingLeft();
  }, 60_000);

  it('stop() in the middle ends the client and the server at once', async () => {
    const { events, onEvent } = record();
    const run = startBandwidth(kc, request({ durationS: 20 }), onEvent);
    await poll('the first interval', () => events.some(({ e }) => e.type === 'bandwidth'), 20_000);
    const tStop = Date.now();
    run.stop();
    run.stop();
    const out = await run.done;
    expect(Date.now() - tStop).toBeLessThan(5_000);
    expect(out.reason).toBe('stopped');
    expect(out.message).toBeNull();
    const result = out.result as BandwidthResult;
    expect(result.intervals.length).toBeGreaterThanOrEqual(1);
    expect(result.intervals.length).toBeLessThan(20);
    // The client was interrupted in the pod (not merely disconnected from), before its server went.
    expect(result.error).toBe('interrupt - the client has terminated');
    await expectNothingLeft();
  }, 60_000);

  it('says which port is taken when the target already has a listener there', async () => {
    // nginx listens on 80 in practice-pod: the one-off server cannot bind it.
    const out = await startBandwidth(kc, request({ port: 80 }), () => {}).done;
    expect(out.reason).toBe('failed');
    expect(out.message).toMatch(/^The iperf3 server in default\/practice-pod \(container podnet-debug-\d+\) could not start on port 80: unable to start listener for connections: Address already in use; try another port\.$/);
    await expectNothingLeft();
  }, 30_000);
});
