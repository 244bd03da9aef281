import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSaved, saveForward, savedFilePath, unsaveForward } from './saved';
import type { ForwardSpec } from './types';

const spec = (name: string, remotePort = 80): ForwardSpec => ({ target: { kind: 'pod', namespace: 'default', name }, remotePort, localPort: 0, address: '127.0.0.1' });

let dir: string;
let warnings: string[];
let o: { env: NodeJS.ProcessEnv; warn: (s: string) => void };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'podnet-saved-'));
  warnings = [];
  o = { env: { XDG_CONFIG_HOME: dir, HOME: '/nonexistent' }, warn: (s) => warnings.push(s) };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('saved forwards', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(savedFilePath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/podnet/forwards.json');
    expect(savedFilePath({ HOME: '/home/u' })).toBe('/home/u/.config/podnet/forwards.json');
    expect(savedFilePath({ HOME: '/home/u', XDG_CONFIG_HOME: 'relative' })).toBe('/home/u/.config/podnet/forwards.json');
  });
  it('saves per context, once, atomically, and unsaves', () => {
    expect(loadSaved('lab', o)).toEqual([]);
    saveForward('lab', spec('a'), o);
    saveForward('lab', spec('a'), o);
    saveForward('lab', spec('b', 8080), o);
    saveForward('prod', spec('c'), o);
    expect(loadSaved('lab', o)).toEqual([spec('a'), spec('b', 8080)]);
    expect(loadSaved('prod', o)).toEqual([spec('c')]);
    expect(readdirSync(join(dir, 'podnet'))).toEqual(['forwards.json']);
    unsaveForward('lab', spec('a'), o);
    expect(loadSaved('lab', o)).toEqual([spec('b', 8080)]);
    unsaveForward('prod', spec('c'), o);
    expect(JSON.parse(readFileSync(join(dir, 'podnet', 'forwards.json'), 'utf8'))).toEqual({ version: 1, contexts: { lab: [spec('b', 8080)] } });
    expect(warnings).toEqual([]);
  });
  it('warns once about a corrupt file, loads nothing, and replaces it on the next save', () => {
    mkdirSync(join(dir, 'podnet'));
    writeFileSync(join(dir, 'podnet', 'forwards.json'), '{"contexts": [not json');
    expect(loadSaved('lab', o)).toEqual([]);
    expect(loadSaved('lab', o)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^the saved forwards in .*forwards\.json are not valid \(.+\); starting without them/);
    saveForward('lab', spec('a'), o);
    expect(loadSaved('lab', o)).toEqual([spec('a')]);
  });
  it('keeps the valid entries of a file with some invalid ones', () => {
    mkdirSync(join(dir, 'podnet'));
    writeFileSync(join(dir, 'podnet', 'forwards.json'), JSON.stringify({ contexts: { lab: [spec('a'), { target: { kind: 'deployment' } }, { ...spec('b'), remotePort: 0 }] } }));
    expect(loadSaved('lab', o)).toEqual([spec('a')]);
  });
});
