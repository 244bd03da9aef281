// The probe console while a ping runs, on the lab (client-pod -> practice-pod):
// 1. terminal bytes per second written by the real binary in a pseudo-terminal, at 80x24 and
//    120x36 (goal <= 1 KB/s);
// 2. ms from a reply reaching podnet (the exec stream delivering the line the tool printed) to
//    that reply being written to the terminal: the real store, effects, engine and App, rendered
//    by Ink with the same options as the binary, the engine's events timestamped on arrival
//    (goal <= 100 ms);
// 3. the same seen from outside in the pty: each reply's on-screen time against the tool's
//    1 s schedule (ping sends seq k at T0 + k s): the spread says how steady the path is.
import { Writable } from 'node:stream';
import { round, sleep, startLab, startTui } from './tuiSupport/harness.js';

const lab = await startLab([]);
const WINDOW_S = 20;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? round(s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!) : NaN;
}

async function inTerminal(cols: number, rows: number) {
  const tui = startTui(['--kubeconfig', lab.kubeconfig], { cols, rows });
  await tui.waitFor((t) => t.includes('practice-pod') && t.includes('client-pod'), 30_000);
  for (const keys of ['/client-pod\r', 's\x1b', '/practice-pod\r', 't\x1b']) {
    tui.press(keys);
    await sleep(300);
  }
  const from = tui.output().length;
  tui.press('p');
  await tui.waitFor((t) => /seq=2 ttl/.test(t), 20_000, from);
  await sleep(1000);
  const written = () => tui.chunks.reduce((n, c) => n + c.bytes, 0);
  const b0 = written();
  const t0 = performance.now();
  const start = tui.output().length;
  // On-screen time of each reply: the first chunk in which its line appears.
  const seen = new Map<number, number>();
  // Replies drawn before the window are redrawn when their row changes for another reason (the
  // pods pane's ages): those are not new replies.
  for (const m of tui.output().slice(0, start).matchAll(/seq=(\d+) ttl/g)) seen.set(Number(m[1]), NaN);
  let scanned = start;
  const scan = setInterval(() => {
    const text = tui.output();
    for (const m of text.slice(scanned).matchAll(/seq=(\d+) ttl/g)) if (!seen.has(Number(m[1]))) seen.set(Number(m[1]), performance.now());
    scanned = Math.max(scanned, text.length - 40);
  }, 5);
  await sleep(WINDOW_S * 1000);
  clearInterval(scan);
  const seconds = (performance.now() - t0) / 1000;
  const bytes = written() - b0;
  await tui.stop();
  // Against the tool's schedule: offset of each reply from T0 + k s, T0 taken from the earliest.
  const offsets = [...seen].filter(([, t]) => !Number.isNaN(t)).map(([k, t]) => t - k * 1000);
  const base = Math.min(...offsets);
  const spread = offsets.map((o) => o - base);
  return { terminal: `${cols}x${rows}`, seconds: round(seconds), bytes, bytesPerSec: round(bytes / seconds), repliesSeen: offsets.length, scheduleSpreadMs: { p50: pct(spread, 50), p95: pct(spread, 95), max: pct(spread, 100) } };
}

async function inProcess(columns: number, rows: number) {
  delete process.env.CI; // Ink draws no frames with CI set; read when Ink loads
  process.env.NODE_ENV = 'production'; // as the bundled binary runs React
  const React = (await import('react')).default;
  const { render } = await import('ink');
  const { openSession } = await import('../src/kube/session.js');
  const { createStore } = await import('../src/state/store.js');
  const { initialState, reducer } = await import('../src/state/reducer.js');
  const { inNamespace } = await import('../src/state/model.js');
  const { watchPods, watchNodes } = await import('../src/effects/watchCluster.js');
  const { startProbeEffects, defaultProbeDeps } = await import('../src/effects/probes.js');
  const { startProbe } = await import('../src/probe/run.js');
  const { probeHandlers } = await import('../src/ui/probeCommands.js');
  const { App } = await import('../src/ui/App.js');
  const { StoreProvider } = await import('../src/ui/StoreProvider.js');
  const { makeTheme } = await import('../src/ui/theme.js');
  const { screenStream } = await import('../src/ui/screenStream.js');

  const session = openSession({ kubeconfig: lab.kubeconfig });
  const store = createStore(reducer, initialState({ context: session.context, scope: inNamespace('default'), readonly: false, now: Date.now() }));
  store.dispatch({ type: 'session/opened', session: { context: session.context, contexts: session.contexts, cluster: session.cluster, server: session.server, user: session.user, scope: inNamespace('default') } });
  const pods = watchPods(session, inNamespace('default'), store.dispatch);
  const nodes = watchNodes(session, store.dispatch);
  while (!store.getState().pods.synced) await sleep(50);

  const arrived = new Map<number, number>();
  const onScreen = new Map<number, number>();
  let bytes = 0;
  const out = new Writable({
    write(chunk, _enc, cb) {
      const text = String(chunk);
      bytes += Buffer.byteLength(text);
      const now = performance.now();
      for (const m of text.matchAll(/seq=(\d+) ttl/g)) if (!onScreen.has(Number(m[1]))) onScreen.set(Number(m[1]), now);
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(out, { columns, rows, isTTY: true });
  const probes = startProbeEffects(store, () => session, {
    ...defaultProbeDeps,
    start: (kc, req, onEvent) => startProbe(kc, req, (e) => {
      if (e.type === 'probe' && e.event.type === 'reply' && !arrived.has(e.event.seq)) arrived.set(e.event.seq, performance.now());
      onEvent(e);
    }),
  });
  const tree = React.createElement(StoreProvider as never, { store, theme: makeTheme(false) }, React.createElement(App as never, { size: { columns, rows } } as never));
  // Ink's useInput wants a terminal for stdin: a quiet stand-in that is one.
  const { PassThrough } = await import('node:stream');
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin }) as unknown as NodeJS.ReadStream;
  const ink = render(tree, {
    stdin,
    stdout: screenStream(out), exitOnCtrlC: false, incrementalRendering: true, maxFps: 60, patchConsole: false,
  });
  store.dispatch({ type: 'mark/sourceToggled', ref: { namespace: 'default', name: 'client-pod' } });
  store.dispatch({ type: 'mark/targetToggled', ref: { namespace: 'default', name: 'practice-pod' } });
  const start = probeHandlers['probe.ping'](store.getState(), { pageSize: 10, panes: ['pods'] });
  if (!start || start.type !== 'probe/requested') throw new Error(`could not start the ping: ${JSON.stringify(start)}`);
  store.dispatch(start);
  await sleep(15_000);
  store.dispatch({ type: 'probe/stopRequested' });
  await sleep(500);
  probes.stop();
  ink.unmount();
  pods.stop();
  nodes.stop();
  const lat = [...arrived].filter(([k]) => onScreen.has(k)).map(([k, t]) => onScreen.get(k)! - t);
  return { terminal: `${columns}x${rows}`, replies: arrived.size, drawn: lat.length, replyToScreenMs: { p50: pct(lat, 50), p95: pct(lat, 95), max: pct(lat, 100) } };
}

const terminal = [await inTerminal(80, 24), await inTerminal(120, 36)];
const latency = [await inProcess(80, 24), await inProcess(120, 36)];
await lab.stop();

console.log(JSON.stringify({ bench: 'probeConsole', goalBytesPerSec: 1024, goalReplyToScreenMs: 100, whilePingRuns: terminal, latency }, null, 2));
process.exit(0);
