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
  // ws's native masking helper loads its prebuilt binary from its own folder at run time.
  external: ['bufferutil', 'utf-8-validate'],
  // React's production build (its development build is several times slower per frame).
  define: { PODNET_VERSION: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  // Ink loads React DevTools only when DEV=true; it is not a dependency, so it bundles as a stub.
  plugins: [{
    name: 'no-react-devtools',
    setup(b) {
      b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };' }));
    },
  }],
  // Several dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __podnetCreateRequire } from 'node:module';\nconst require = __podnetCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync('dist/podnet.js', 0o755);
