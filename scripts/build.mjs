// Bundles the CLI into one ESM file so that start-up reads one file instead of hundreds of modules.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/podnet.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { PODNET_VERSION: JSON.stringify(pkg.version) },
  // Several dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __podnetCreateRequire } from 'node:module';\nconst require = __podnetCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync('dist/podnet.js', 0o755);
