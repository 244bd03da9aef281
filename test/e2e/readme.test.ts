// The README's examples, run as written against a lab: every command line of the blocks marked
// `<!-- readme-test: ... -->`, through bash, with `podnet` and `kubectl-podnet` on PATH as the
// installed package puts them and `kubectl` being kubectl 1.33. A trailing `# ... exit N` comment
// is the exit code the README promises; otherwise 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PODNET, startLab, type RunningLab } from '../helpers/lab';
import { kubectlPath, REPO_ROOT } from '../helpers/kubectl';
import { poll } from '../helpers/poll';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The command lines of the sh block that follows `<!-- readme-test: NAME -->`. */
function block(name: string): string[] {
  const at = readme.indexOf(`<!-- readme-test: ${name} -->`);
  if (at < 0) throw new Error(`README has no block marked readme-test: ${name}`);
  const m = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  return m![1]!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
}

const expectedExit = (line: string) => Number(/#.*\bexit (\d+)/.exec(line)?.[1] ?? 0);

let lab: RunningLab;
let bin: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  lab = await startLab();
  bin = mkdtempSync(join(tmpdir(), 'podnet-readme-bin-'));
  symlinkSync(PODNET, join(bin, 'podnet'));
  symlinkSync(PODNET, join(bin, 'kubectl-podnet'));
  symlinkSync(kubectlPath('1.33'), join(bin, 'kubectl'));
  env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, HOME: bin, KUBECONFIG: lab.kubeconfig };
  delete env.CI;
}, 90_000);

afterAll(async () => {
  await lab?.stop();
  if (bin) rmSync(bin, { recursive: true, force: true });
});

/** A README line as a user runs it; `export KUBECONFIG=...` names the README's path, the lab's is used. */
function sh(line: string) {
  return spawnSync('bash', ['-c', line], { env, encoding: 'utf8', timeout: 120_000 });
}

describe('the README, run as written', () => {
  it('the command-line examples: each exits as the README says', () => {
    const lines = block('lab');
    expect(lines[0]).toBe('export KUBECONFIG=/tmp/lab.kubeconfig');
    for (const line of lines.slice(1)) {
      const r = sh(line);
      expect({ line, code: r.status, stderr: r.stderr }).toMatchObject({ line, code: expectedExit(line) });
      if (line.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, http: { status: 200, title: 'Welcome to nginx!' } });
      if (line.includes('--kind dns')) expect(r.stdout).toMatch(/10\.96\.\d+\.\d+/);
      if (line.includes('/api/users')) expect(r.stdout).toContain('HTTP 200');
      if (line.startsWith('podnet probe practice-pod')) expect(r.stdout).toContain('no ping in the container');
      if (line.includes('distroless-app')) expect(r.stdout).toContain('iputils ping');
    }
  }, 240_000);

  it('the forward example: the page through the forward, before and after the pod restarts', async () => {
    const [start, ...rest] = block('forward');
    expect(start).toMatch(/^podnet forward practice-pod 8080:80\b/);
    const child = spawn('bash', ['-c', `exec ${start!.replace(/#.*$/, '')}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    try {
      await poll('podnet forward to start', () => out.includes('Forwarding from 127.0.0.1:8080 -> practice-pod:80'), 30_000);
      for (const line of rest) {
        // The fault names no kubeconfig: it finds the lab through KUBECONFIG, as the README's export set it.
        const r = sh(line);
        expect({ line, code: r.status, stderr: r.stderr }).toMatchObject({ line, code: 0 });
        if (line.startsWith('curl')) expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
      }
    } finally {
      child.kill('SIGINT');
      const code = await new Promise<number | null>((ok) => (child.exitCode !== null ? ok(child.exitCode) : child.once('exit', (c) => ok(c))));
      expect(code, out).toBe(0);
    }
  }, 120_000);

  it('the install lines name the tarball npm pack makes', () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(readme).toContain(`npm install -g ./podnet-${version}.tgz`);
    expect(readme).toContain(`podnet-${version}.tgz: one bundled file`);
  });
});
