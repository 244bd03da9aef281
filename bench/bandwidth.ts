// Bandwidth figures (JSON on stdout), against a real `podnet lab` (root):
//  - what podnet's bandwidth test reports for client-pod -> practice-pod (startBandwidth, through
//    debug containers, as the console runs it): Mbit/s, time to set up (cold: debug containers
//    added; warm: reused), time to the first live interval, and how long a stop takes;
//  - iperf3 run directly between the same two pod namespaces (`ip netns exec`, --json), for the
//    same duration: what the path carries without exec, WebSockets or the API server in between.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { getJson } from '../src/kube/request.js';
import { startBandwidth } from '../src/probe/runBandwidth.js';
import type { BandwidthResult, ProbeRequest, RunEvent } from '../src/probe/runner.js';
import { startLab } from './support/lab.js';

const DURATION_S = 3;
const round = (n: number) => Math.round(n * 10) / 10;
const log = (text: string) => process.stderr.write(`bandwidth: ${text}\n`);

const lab = await startLab();
const kc = new KubeConfig();
kc.loadFromFile(lab.kubeconfig);

/** The lab's pid: its namespaces are podnet-<pid>-*; found by the kubeconfig path it was given. */
function labPid(): number {
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (argv.includes('lab') && argv.includes(lab.kubeconfig)) return Number(d);
    } catch {
      // exited meanwhile
    }
  }
  throw new Error('cannot find the lab process');
}

function netnsOf(pid: number, ip: string): string {
  const all = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(`podnet-${pid}-pod-`));
  const ns = all.find((n) => execFileSync('ip', ['-n', n, '-4', '-o', 'addr'], { encoding: 'utf8' }).includes(` ${ip}/`));
  if (!ns) throw new Error(`no namespace holds ${ip}`);
  return ns;
}

interface PodnetRun {
  setupMs: number;
  firstIntervalMs: number;
  totalMs: number;
  intervalsMbitPerS: number[];
  sentMbitPerS: number | null;
  receivedMbitPerS: number | null;
}

async function podnetRun(req: ProbeRequest): Promise<PodnetRun> {
  const t0 = performance.now();
  let tool = 0;
  let first = 0;
  const out = await startBandwidth(kc, req, (e: RunEvent) => {
    if (e.type === 'tool') tool ||= performance.now();
    if (e.type === 'bandwidth') first ||= performance.now();
  }).done;
  if (out.reason !== 'completed') throw new Error(`bandwidth run ended ${out.reason}: ${out.message}`);
  const r = out.result as BandwidthResult;
  return {
    setupMs: Math.round(tool - t0),
    firstIntervalMs: Math.round(first - t0),
    totalMs: Math.round(performance.now() - t0),
    intervalsMbitPerS: r.intervals.map((i) => i.mbitPerS),
    sentMbitPerS: r.sentMbitPerS,
    receivedMbitPerS: r.receivedMbitPerS,
  };
}

/** iperf3 between the two namespaces directly, on a port podnet does not use. */
async function directRun(clientNs: string, serverNs: string, serverIp: string): Promise<{ sentMbitPerS: number; receivedMbitPerS: number }> {
  const server = spawn('ip', ['netns', 'exec', serverNs, 'timeout', '30', 'iperf3', '-s', '-1', '-p', '5299', '--forceflush'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const serverExit = new Promise<void>((ok) => server.once('exit', () => ok()));
  await new Promise<void>((ok, fail) => {
    let text = '';
    server.stdout.on('data', (d) => {
      text += d;
      if (text.includes('Server listening')) ok();
    });
    server.once('exit', () => fail(new Error(`direct iperf3 server ended early: ${text}`)));
  });
  try {
    const json = JSON.parse(execFileSync('ip', ['netns', 'exec', clientNs, 'iperf3', '-c', serverIp, '-p', '5299', '-t', String(DURATION_S), '-J'], { encoding: 'utf8', timeout: 30_000 })) as {
      end: { sum_sent?: { bits_per_second: number }; sum_received?: { bits_per_second: number } };
      error?: string;
    };
    if (!json.end.sum_sent || !json.end.sum_received) throw new Error(`direct iperf3 failed: ${json.error ?? 'no summary'}`);
    return { sentMbitPerS: round(json.end.sum_sent.bits_per_second / 1e6), receivedMbitPerS: round(json.end.sum_received.bits_per_second / 1e6) };
  } finally {
    await Promise.race([serverExit, new Promise((ok) => setTimeout(ok, 3000))]);
    if (server.exitCode === null) server.kill('SIGTERM');
  }
}

/** A stop one interval into a long test: how long until done, and whether any iperf3 is left. */
async function stopRun(req: ProbeRequest, spaces: string[]): Promise<{ stopMs: number; iperf3Left: number }> {
  let ready!: () => void;
  const firstInterval = new Promise<void>((ok) => (ready = ok));
  const run = startBandwidth(kc, { ...req, durationS: 30 }, (e) => e.type === 'bandwidth' && ready());
  await firstInterval;
  const t = performance.now();
  run.stop();
  await run.done;
  const stopMs = Math.round(performance.now() - t);
  const left = spaces.flatMap((ns) => execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'iperf3';
      } catch {
        return false;
      }
    });
  return { stopMs, iperf3Left: left.length };
}

try {
  const pods = await getJson<{ items: { metadata: { name: string }; status: { podIP: string } }[] }>(kc, '/api/v1/namespaces/default/pods');
  const ip = (name: string) => pods.items.find((p) => p.metadata.name === name)!.status.podIP;
  const pid = labPid();
  const clientNs = netnsOf(pid, ip('client-pod'));
  const serverNs = netnsOf(pid, ip('practice-pod'));
  const req: ProbeRequest = {
    kind: 'bandwidth',
    source: { namespace: 'default', pod: 'client-pod' },
    host: ip('practice-pod'),
    targetPod: { namespace: 'default', pod: 'practice-pod' },
    durationS: DURATION_S,
    debug: 'use',
  };
  // Interleaved so that a drift in the machine's load hits both sides alike.
  log('podnet, cold');
  const cold = await podnetRun(req);
  log('direct');
  const direct1 = await directRun(clientNs, serverNs, ip('practice-pod'));
  log('podnet, warm');
  const warm = await podnetRun(req);
  log('direct');
  const direct2 = await directRun(clientNs, serverNs, ip('practice-pod'));
  log('stop');
  const stop = await stopRun(req, [clientNs, serverNs]);
  const podnetMean = ((cold.receivedMbitPerS ?? 0) + (warm.receivedMbitPerS ?? 0)) / 2;
  const directMean = (direct1.receivedMbitPerS + direct2.receivedMbitPerS) / 2;
  console.log(JSON.stringify({
    bench: 'bandwidth',
    durationS: DURATION_S,
    path: 'client-pod -> practice-pod (same lab node)',
    podnet: { cold, warm },
    direct: [direct1, direct2],
    receivedMbitPerS: { podnet: round(podnetMean), direct: round(directMean), ratio: Math.round((podnetMean / directMean) * 100) / 100 },
    stop,
    cpus: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
  }, null, 2));
} finally {
  await lab.stop();
}
