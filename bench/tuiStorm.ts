// A watch storm: 1,000 pod status updates a second for 15 s on a 20,000-pod lab, while the
// explorer shows all namespaces. "Not falling behind" is measured, not assumed: every 250 ms a
// pod on screen gets a marker restart count, and the time until that count is on screen is the
// lag; keys are pressed during the storm too. Reports CPU used and bytes written.
import { cpuSeconds, labClient, memoryMB, round, scalePod, sleep, startLab, startTui } from './tuiSupport/harness.js';

const PODS = 20_000;
const RATE = 1_000;
const SECONDS = 15;
const lab = await startLab(['--scenario', 'scale', '--pods', String(PODS), '--nodes', '500']);
const api = labClient(lab.kubeconfig);
const tui = startTui(['--kubeconfig', lab.kubeconfig, '-A']);
await tui.waitFor((t) => t.includes(` ${PODS} pods`), 60_000);
await sleep(1500);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { n: s.length, p50: round(q(0.5)), p95: round(q(0.95)), max: round(s[s.length - 1] ?? NaN) };
};

// The storm: RATE patches a second on random pods, in 10 ms slices, at most 64 in flight.
let sent = 0;
let failed = 0;
let inFlight = 0;
let stop = false;
const storm = (async () => {
  const t0 = performance.now();
  while (!stop) {
    const due = Math.floor(((performance.now() - t0) / 1000) * RATE);
    while (sent < due && inFlight < 64) {
      const p = scalePod(Math.floor(Math.random() * PODS));
      sent++;
      inFlight++;
      api.restarts(p.namespace, p.name, 1 + Math.floor(Math.random() * 50)).then((s) => s === 200 || failed++, () => failed++).finally(() => inFlight--);
    }
    await sleep(10);
  }
})();

const lag: number[] = [];
const patchRtt: number[] = [];
const keys: number[] = [];
const cpu0 = cpuSeconds(tui.pid());
const bytes0 = tui.chunks.reduce((n, c) => n + c.bytes, 0);
const start = performance.now();
let marker = 70_000;
while (performance.now() - start < SECONDS * 1000) {
  // A marker on the first pod on screen (scale-00/pod-00000).
  const value = ++marker;
  const from = tui.output().length;
  const t0 = performance.now();
  await api.restarts('scale-00', 'pod-00000', value);
  patchRtt.push(performance.now() - t0);
  lag.push((await tui.waitFor((t) => t.includes(String(value)), 10_000, from)) - t0);
  // A key during the storm: open and close help (a full redraw each).
  const k0 = performance.now();
  const kFrom = tui.output().length;
  tui.press('?');
  keys.push((await tui.waitFor((t) => t.includes('HELP'), 10_000, kFrom)) - k0);
  tui.press('\x1b');
  await sleep(200);
}
const elapsed = (performance.now() - start) / 1000;
const cpu = cpuSeconds(tui.pid()) - cpu0;
const bytes = tui.chunks.reduce((n, c) => n + c.bytes, 0) - bytes0;
stop = true;
await storm;
// After the storm: how long until the last change is on screen.
const final = 99_999;
const from = tui.output().length;
const t0 = performance.now();
await api.restarts('scale-00', 'pod-00000', final);
const finalLag = (await tui.waitFor((t) => t.includes(String(final)), 10_000, from)) - t0;
const mem = memoryMB(tui.pid());
await tui.stop();
await lab.stop();

console.log(JSON.stringify({
  bench: 'tuiStorm',
  pods: PODS,
  storm: { targetPerSec: RATE, sentPerSec: round(sent / elapsed), failed, seconds: round(elapsed) },
  changeToScreenMs: stats(lag),
  markerPatchRoundTripMs: stats(patchRtt),
  keyToFrameDuringStormMs: stats(keys),
  afterStormChangeToScreenMs: round(finalLag),
  tuiCpuPercent: round((cpu / elapsed) * 100),
  bytesPerSec: round(bytes / elapsed),
  rssMB: mem.rss,
  peakRssMB: mem.peak,
}, null, 2));
