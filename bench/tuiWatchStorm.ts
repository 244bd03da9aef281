// How much of a watch storm the explorer absorbs, from a stand-in API server that can push more
// events than the lab (see tuiSupport/fakeApi.ts): 20,000 pods, storms of 1,000 to 8,000 MODIFIED
// events a second for 10 s each. "Not falling behind": a change to a pod on screen, sent while
// the storm still runs, shows about one batch (100 ms) later, at every rate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, memoryMB, round, sleep, startTui } from './tuiSupport/harness.js';
import { startFakeApi } from './tuiSupport/fakeApi.js';

const PODS = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'podnet-storm-'));
const api = await startFakeApi(PODS, dir);
const tui = startTui(['--kubeconfig', api.kubeconfig, '-A']);
await tui.waitFor((t) => t.includes(` ${PODS} pods`), 60_000);
await sleep(1500);

const results = [];
let marker = 70_000;
for (const rate of [1000, 2000, 4000, 8000]) {
  const cpu0 = cpuSeconds(tui.pid());
  const sent0 = api.sent();
  const t0 = performance.now();
  api.setRate(rate);
  await sleep(10_000);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(tui.pid()) - cpu0;
  const sent = api.sent() - sent0;
  // While the storm still runs: a change to the first pod on screen.
  const value = ++marker;
  const from = tui.output().length;
  const m0 = performance.now();
  api.emit(0, value);
  const lag = (await tui.waitFor((t) => t.includes(String(value)), 10_000, from)) - m0;
  api.setRate(0);
  results.push({ targetPerSec: rate, sentPerSec: round(sent / seconds), tuiCpuPercent: round((cpu / seconds) * 100), changeOnScreenAfterMs: round(lag) });
  await sleep(2000);
}
const mem = memoryMB(tui.pid());
await tui.stop();
await api.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'tuiWatchStorm', pods: PODS, storms: results, rssMB: mem.rss, peakRssMB: mem.peak }, null, 2));
