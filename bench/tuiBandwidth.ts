// Bytes written to the terminal per second (120x36, 20,000 pods, -A): idle; while one pod on
// screen changes once a second; during a storm of pod updates (mostly off screen). Ink rewrites
// only the lines that changed. Goal: under 1 KB/s when one line changes a second.
import { labClient, round, scalePod, sleep, startLab, startTui, type Tui } from './tuiSupport/harness.js';

const PODS = 20_000;
const lab = await startLab(['--scenario', 'scale', '--pods', String(PODS), '--nodes', '500']);
const api = labClient(lab.kubeconfig);
const tui = startTui(['--kubeconfig', lab.kubeconfig, '-A']);
await tui.waitFor((t) => t.includes(` ${PODS} pods`), 60_000);
await sleep(2000);

const written = (t: Tui) => t.chunks.reduce((n, c) => n + c.bytes, 0);
async function window(seconds: number, during: (second: number) => Promise<void>) {
  const b0 = written(tui);
  const t0 = performance.now();
  for (let s = 0; s < seconds; s++) {
    await during(s);
    await sleep(Math.max(0, t0 + (s + 1) * 1000 - performance.now()));
  }
  const elapsed = (performance.now() - t0) / 1000;
  return { seconds: round(elapsed), bytes: written(tui) - b0, bytesPerSec: round((written(tui) - b0) / elapsed) };
}

// 30 s covers three ticks of the 10 s clock that ages are computed with.
const idle = await window(30, async () => {});
const oneLine = await window(30, (s) => api.restarts('scale-00', 'pod-00000', s + 1).then(() => {}));
let stop = false;
let sent = 0;
const storm = (async () => {
  const t0 = performance.now();
  while (!stop) {
    const due = Math.floor((performance.now() - t0) * 1) - sent; // 1,000 a second
    const batch = Array.from({ length: Math.min(due, 64) }, () => scalePod(Math.floor(Math.random() * PODS)));
    sent += batch.length;
    await Promise.all(batch.map((p) => api.restarts(p.namespace, p.name, 1 + Math.floor(Math.random() * 50)).catch(() => 0)));
    await sleep(5);
  }
})();
const stormWindow = await window(15, async () => {});
stop = true;
await storm;
await tui.stop();
await lab.stop();

console.log(JSON.stringify({
  bench: 'tuiBandwidth',
  terminal: '120x36',
  pods: PODS,
  goalBytesPerSecOneLine: 1024,
  idle,
  oneVisiblePodChangesEverySecond: oneLine,
  storm: { ...stormWindow, podUpdatesPerSec: round(sent / stormWindow.seconds) },
}, null, 2));
