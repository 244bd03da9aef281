// The package as users get it: `npm pack`, `npm install -g` into a fresh prefix, then `podnet` and
// `kubectl podnet` (the real kubectl finds the plugin on PATH and passes its arguments through).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlPath, REPO_ROOT } from '../helpers/kubectl.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
let dir: string;
let prefix: string;
let tarball: string;

const run = (cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}) => {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, HOME: dir, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('KUBE')) delete env[k];
  return spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 60_000 });
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'podnet-package-'));
  prefix = join(dir, 'prefix');
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, info!.filename);
  (globalThis as { packedFiles?: string[] }).packedFiles = info!.files.map((f) => f.path).sort();
  const install = spawnSync('npm', ['install', '-g', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  expect(install.status, install.stderr).toBe(0);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm pack + npm install -g', () => {
  it('packs the bundle, the README and the lab\'s install script, and nothing else', () => {
    expect((globalThis as { packedFiles?: string[] }).packedFiles).toEqual(['README.md', 'dist/podnet.js', 'package.json', 'scripts/install-lab-deps.sh']);
  });

  it('puts podnet on PATH, with the package\'s version', () => {
    const r = run('podnet', ['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`podnet ${pkg.version}\n`);
  });

  it('podnet --help lists every command', () => {
    const r = run('podnet', ['--help']);
    expect(r.status).toBe(0);
    for (const c of ['podnet [--kubeconfig F]', 'podnet --lab', 'podnet lab ', 'podnet probe SRC DST', 'podnet forward TARGET']) expect(r.stdout).toContain(c);
  });

  it.each(['1.20', '1.33'] as const)('kubectl %s finds the plugin and passes its arguments through', (v) => {
    const kubectl = kubectlPath(v);
    const list = run(kubectl, ['plugin', 'list']);
    expect(list.stdout).toContain(join(prefix, 'bin', 'kubectl-podnet'));
    const version = run(kubectl, ['podnet', '--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(`podnet ${pkg.version}\n`);
    const help = run(kubectl, ['podnet', 'probe', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: podnet probe SRC DST/);
    // A flag only podnet knows reaches podnet, not kubectl.
    const bad = run(kubectl, ['podnet', 'probe', '--no-such-flag']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--no-such-flag');
  });
});
