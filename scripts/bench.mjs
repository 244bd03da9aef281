// Builds the CLI and each bench/*.ts, then runs them one after another; each prints JSON.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
// Inside node_modules so that the bundles' external imports resolve to the project's packages.
const out = join('node_modules', '.cache', 'podnet-bench');
mkdirSync(out, { recursive: true });
let failed = 0;
for (const file of readdirSync('bench').filter((f) => f.endsWith('.ts') || f.endsWith('.tsx'))) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  const outfile = join(out, file.replace(/\.tsx?$/, '.mjs'));
  await build({
    entryPoints: [join('bench', file)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    packages: 'external', logLevel: 'warning',
  });
  process.stderr.write(`bench ${file}\n`);
  const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: process.cwd() });
  if (r.status !== 0) failed++;
}
rmSync(out, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
