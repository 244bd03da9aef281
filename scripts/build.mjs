// Bundles the CLI into one ESM file so that start-up reads one file instead of hundreds of modules.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

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
  }, boundedInkCaches()],
  // Several dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __podnetCreateRequire } from 'node:module';\nconst require = __podnetCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync('dist/podnet.js', 0o755);

// Ink 6.8 caches text measurements and wrapped text in module-level maps that never forget: every
// distinct line ever drawn stays (an explorer left open for a day on a changing cluster draws
// ~100,000s). Bounded here, at bundle time, until Ink bounds them itself.
function boundedInkCaches() {
  const patches = {
    'measure-text.js': [['cache.set(text, dimensions);', 'if (cache.size >= 10000) cache.clear();\n    cache.set(text, dimensions);']],
    'wrap-text.js': [
      ['const cache = {};', 'let cache = {};\nlet cacheSize = 0;'],
      ['cache[cacheKey] = wrappedText;', 'if (++cacheSize > 10000) {\n        cache = {};\n        cacheSize = 1;\n    }\n    cache[cacheKey] = wrappedText;'],
    ],
  };
  return {
    name: 'bounded-ink-caches',
    setup(b) {
      b.onLoad({ filter: /[\\/]ink[\\/]build[\\/](measure-text|wrap-text)\.js$/ }, async (args) => {
        let text = await readFile(args.path, 'utf8');
        for (const [from, to] of patches[args.path.split(/[\\/]/).pop()]) {
          if (!text.includes(from)) throw new Error(`bounded-ink-caches: ${args.path} changed; check the patch`);
          text = text.replace(from, to);
        }
        return { contents: text, loader: 'js' };
      });
    },
  };
}
