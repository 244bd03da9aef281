// The demo's storyboard, played against the real binary on a fresh lab: Xvfb + xterm show a tmux
// session running `podnet --lab`; ffmpeg grabs the xterm window; keys go in through tmux; every
// step waits for what it needs on screen (never a blind sleep for the app), then holds so a viewer
// can read it. Output: a GIF readable at GitHub's width. Run through scripts/demo/record.sh.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'demo.gif');
const root = resolve(new URL('../..', import.meta.url).pathname);
const podnet = join(root, 'dist/podnet.js');
const work = mkdtempSync(join(tmpdir(), 'podnet-demo-'));
const sock = `podnet-demo-${process.pid}`;
const COLS = 120;
const ROWS = 36;
const started = [];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmux = (...args) => execFileSync('tmux', ['-L', sock, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'demo');
const keys = (...k) => tmux('send-keys', '-t', 'demo', ...k);
const type = (text) => tmux('send-keys', '-t', 'demo', '-l', text);

async function waitFor(what, test, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (typeof test === 'string' ? s.includes(test) : test.test(s)) return s;
    if (Date.now() > end) throw new Error(`demo: waited ${timeoutMs} ms for ${what}; the screen was:\n${s}`);
    await sleep(100);
  }
}

function freeDisplay() {
  for (let n = 90; n < 200; n++) if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  throw new Error('demo: no free X display between :90 and :199');
}

function start(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'], ...opts });
  let err = '';
  child.stderr?.on('data', (d) => (err = (err + d).slice(-4000)));
  child.lastError = () => err;
  started.push(child);
  return child;
}

/** The lab's kubeconfig, read from the lab's own state directory, for the faults the story injects. */
function labKubeconfig(podnetPid) {
  const dir = `/run/podnet/lab-${podnetPid}`;
  const path = join(dir, 'kubeconfig');
  if (!existsSync(path)) throw new Error(`demo: no lab kubeconfig at ${path}`);
  return path;
}

function fault(kubeconfig, ...args) {
  execFileSync(process.execPath, [podnet, 'lab', 'fault', ...args, '--kubeconfig', kubeconfig], { stdio: 'ignore' });
}

async function main() {
  const display = freeDisplay();
  const env = { ...process.env, DISPLAY: `:${display}` };
  delete env.CI;
  const xvfb = start('Xvfb', [`:${display}`, '-screen', '0', '1600x1000x24', '-nolisten', 'tcp']);
  for (let i = 0; !existsSync(`/tmp/.X11-unix/X${display}`); i++) {
    if (i > 100) throw new Error(`demo: Xvfb did not start: ${xvfb.lastError()}`);
    await sleep(50);
  }

  // tmux runs podnet; its status line is off so the xterm shows exactly the app.
  execFileSync('tmux', ['-L', sock, '-f', '/dev/null', 'new-session', '-d', '-s', 'demo', '-x', String(COLS), '-y', String(ROWS),
    `cd ${JSON.stringify(root)} && exec env -u CI TERM=xterm-256color node ${JSON.stringify(podnet)} --lab`]);
  tmux('set-option', '-g', 'status', 'off');
  // After q the pane stays, showing what podnet printed as it removed the lab.
  tmux('set-option', '-g', 'remain-on-exit', 'on');
  const podnetPid = tmux('display-message', '-p', '-t', 'demo', '#{pane_pid}').trim();

  const xterm = start('xterm', ['-geometry', `${COLS}x${ROWS}+0+0`, '-fa', 'DejaVu Sans Mono', '-fs', '10', '-bg', '#1d1f21', '-fg', '#d0d0d0',
    '-b', '0', '-bw', '0', '-title', 'podnet-demo', '-xrm', 'XTerm*cursorBlink: false', '-e', 'tmux', '-L', sock, 'attach', '-t', 'demo'], { env });
  let geom;
  for (let i = 0; !geom; i++) {
    try {
      // tmux may retitle the window; xterm's own class name stays.
      const info = execFileSync('xwininfo', ['-root', '-children'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const id = /^\s+(0x[0-9a-f]+) .*\("xterm" "XTerm"\)/m.exec(info)?.[1];
      if (!id) throw new Error('not yet');
      const win = execFileSync('xwininfo', ['-id', id], { env, encoding: 'utf8' });
      const w = Number(/Width: (\d+)/.exec(win)?.[1]);
      const h = Number(/Height: (\d+)/.exec(win)?.[1]);
      if (w > 100 && h > 100) geom = { w: w - (w % 2), h: h - (h % 2) };
    } catch {
      if (i > 100) throw new Error(`demo: the xterm window did not appear: ${xterm.lastError()}`);
      await sleep(100);
    }
  }

  await waitFor('the lab and the pods', /practice-pod.*Running/, 60_000);
  const kubeconfig = labKubeconfig(podnetPid);
  const raw = join(work, 'demo.mkv');
  const rec = start('ffmpeg', ['-loglevel', 'error', '-f', 'x11grab', '-draw_mouse', '0', '-framerate', '10', '-video_size', `${geom.w}x${geom.h}`,
    '-i', `:${display}.0+0,0`, '-c:v', 'libx264rgb', '-crf', '0', '-preset', 'ultrafast', '-y', raw], { env });
  await sleep(1500);

  const { story } = await import('./steps.mjs');
  await story({ keys, type, waitFor, sleep, screen, fault: (...a) => fault(kubeconfig, ...a), kubeconfig });

  rec.stdin.write('q');
  await new Promise((r) => rec.on('exit', r));
  const gif = join(work, 'demo.gif');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-i', raw, '-vf',
    'fps=8,split[a][b];[a]palettegen=max_colors=48:stats_mode=diff[p];[b][p]paletteuse=dither=none:diff_mode=rectangle', '-y', gif]);
  execFileSync('gifsicle', ['-O3', gif, '-o', out]);
  const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', raw], { encoding: 'utf8' }));
  console.log(JSON.stringify({ out, bytes: statSync(out).size, seconds: Math.round(seconds * 10) / 10, width: geom.w, height: geom.h }));
}

async function cleanup() {
  try {
    const path = tmux('display-message', '-p', '#{socket_path}').trim();
    execFileSync('tmux', ['-L', sock, 'kill-server'], { stdio: 'ignore' });
    rmSync(path, { force: true }); // tmux leaves its socket file behind when killed
  } catch {}
  for (const c of started.reverse()) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}

main().then(cleanup, async (e) => {
  console.error(e.message);
  await cleanup();
  process.exitCode = 1;
});
