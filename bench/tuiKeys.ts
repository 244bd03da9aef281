// Keypress to frame, with 20,000 pods loaded (-A): moving, jumping to the end, filtering (every
// keystroke filters 20,000 pods), opening help, switching namespace (a relist).
// Goal: <= 50 ms per key. A key's frame is the first output after the key, waited for by content.
import { memoryMB, round, sleep, startLab, startTui, type Tui } from './tuiSupport/harness.js';

const PODS = 20_000;
const lab = await startLab(['--scenario', 'scale', '--pods', String(PODS), '--nodes', '500']);
const tui = startTui(['--kubeconfig', lab.kubeconfig, '-A']);
await tui.waitFor((t) => t.includes(` ${PODS} pods`), 60_000);
await sleep(1500);

/** Presses `keys` and resolves with the ms until output after the press satisfies `test`. */
async function key(t: Tui, keys: string, test: (text: string) => boolean = (x) => x.length > 0): Promise<number> {
  const from = t.output().length;
  const t0 = performance.now();
  t.press(keys);
  const t1 = await t.waitFor(test, 10_000, from);
  return t1 - t0;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, p50: round(q(0.5)), p95: round(q(0.95)), max: round(s[s.length - 1]!) };
};

const move: number[] = [];
for (let i = 0; i < 40; i++) {
  move.push(await key(tui, i % 2 ? 'k' : 'j'));
  await sleep(60);
}
const page: number[] = [];
for (let i = 0; i < 10; i++) {
  page.push(await key(tui, i % 2 ? '\x02' : '\x06')); // ctrl-b / ctrl-f
  await sleep(60);
}
const jump: number[] = [];
for (let i = 0; i < 10; i++) {
  jump.push(await key(tui, i % 2 ? 'g' : 'G', (x) => x.includes(i % 2 ? 'pod-00000' : 'pod-19999')));
  await sleep(60);
}
await key(tui, '/');
const filter: number[] = [];
for (const ch of 'pod-1999') {
  filter.push(await key(tui, ch));
  await sleep(60);
}
const clear: number[] = [await key(tui, '\r'), await key(tui, '\x1b', (x) => x.includes(`${PODS} `))];
const help: number[] = [];
for (let i = 0; i < 5; i++) {
  help.push(await key(tui, '?', (x) => x.includes('HELP')));
  help.push(await key(tui, '\x1b', (x) => x.includes(' PODS ')));
}
await key(tui, ':');
for (const ch of 'ns scale-03') await key(tui, ch);
const namespace = await key(tui, '\r', (x) => x.includes('pod-00003'));
const mem = memoryMB(tui.pid());
await tui.stop();
await lab.stop();

console.log(JSON.stringify({
  bench: 'tuiKeys',
  pods: PODS,
  goalMsPerKey: 50,
  keyToFrameMs: {
    moveJK: stats(move),
    pageCtrlFB: stats(page),
    jumpGg: stats(jump),
    filterTyping: stats(filter),
    filterApplyAndClear: stats(clear),
    helpOpenClose: stats(help),
  },
  switchNamespaceToFirstPodsMs: round(namespace),
  rssMB: mem.rss,
}, null, 2));
