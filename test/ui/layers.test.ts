// The one-way rule of DESIGN.md/STYLE.md 5.1, checked on the sources: the lab is reached only
// through a kubeconfig; state is pure; only kube talks to client-node; only ui draws.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'testdata' ? [] : files(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const importsOf = (path: string) =>
  [...readFileSync(join(ROOT, path), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);

function violations(dirs: string[], forbidden: RegExp): string[] {
  return dirs.flatMap(files).flatMap((f) => importsOf(f).filter((i) => forbidden.test(i)).map((i) => `${relative(ROOT, join(ROOT, f))} imports ${i}`));
}

describe('layers', () => {
  it('src/ui, src/state, src/kube, src/effects never import the lab', () => {
    expect(violations(['src/ui', 'src/state', 'src/kube', 'src/effects'], /(^|\/)lab\//)).toEqual([]);
  });

  it('only src/cli/tui.ts among the explorer\'s files reaches src/cli/lab.ts', () => {
    expect(violations(['src/ui', 'src/state', 'src/kube', 'src/effects'], /cli\/lab/)).toEqual([]);
  });

  it('src/state imports neither React, Ink nor client-node', () => {
    expect(violations(['src/state'], /^(react|ink|@kubernetes\/client-node)$/)).toEqual([]);
  });

  it('src/ui never imports client-node or src/kube; src/kube and src/effects never import React or Ink', () => {
    expect(violations(['src/ui'], /^@kubernetes\/client-node$|\/kube\//)).toEqual([]);
    expect(violations(['src/kube', 'src/effects'], /^(react|ink)$/)).toEqual([]);
  });
});
