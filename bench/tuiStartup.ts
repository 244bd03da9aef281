// Start to the first frame that shows pods, to the frame with every pod counted, and memory,
// for the explorer on the lab's scale scenario at 500 and 20,000 pods (-A: all ten namespaces).
// Goals: first frame with data <= 0.5 s (500) and <= 1.5 s (20,000); RSS <= 200 MB.
import { memoryMB, round, sleep, startLab, startTui } from './tuiSupport/harness.js';

async function measure(pods: number, nodes: number) {
  const lab = await startLab(['--scenario', 'scale', '--pods', String(pods), '--nodes', String(nodes)]);
  const runs: { firstPodsMs: number; allPodsMs: number; rssMB: number; peakMB: number }[] = [];
  for (let run = 0; run < 3; run++) {
    const tui = startTui(['--kubeconfig', lab.kubeconfig, '-A']);
    const first = await tui.waitFor((t) => t.includes('pod-00000'));
    const all = await tui.waitFor((t) => t.includes(` ${pods} pods`) && t.includes(`${nodes} nodes`), 60_000);
    await sleep(1500); // let the heap settle after the load
    const mem = memoryMB(tui.pid());
    runs.push({ firstPodsMs: round(first - tui.startedAt), allPodsMs: round(all - tui.startedAt), rssMB: mem.rss, peakMB: mem.peak });
    await tui.stop();
  }
  await lab.stop();
  const median = (k: keyof (typeof runs)[number]) => [...runs].sort((a, b) => a[k] - b[k])[1]![k];
  return { pods, nodes, firstFrameWithPodsMs: median('firstPodsMs'), allPodsCountedMs: median('allPodsMs'), rssMB: median('rssMB'), peakRssMB: median('peakMB'), runs };
}

const small = await measure(500, 20);
const large = await measure(20_000, 500);
console.log(JSON.stringify({
  bench: 'tuiStartup',
  goals: { firstFrameMs: { 500: 500, 20000: 1500 }, rssMB: 200 },
  results: [small, large],
}, null, 2));
