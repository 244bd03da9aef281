// Saved forwards: the ones a user wants back the next time podnet starts on the same context,
// in $XDG_CONFIG_HOME/podnet/forwards.json (default ~/.config/podnet/forwards.json):
//   {"version":1,"contexts":{"CONTEXT":[ForwardSpec, ...]}}
// Written whole to a temporary file and renamed over the old one, so a crash never leaves half a
// file; a file that cannot be read as this is reported once and treated as empty (and is only
// replaced when the user saves again).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ForwardSpec, ForwardTarget } from './types.js';

export interface SavedOptions {
  /** The file; default from XDG_CONFIG_HOME / HOME. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Told (once per file and process) when the file is unreadable; default: a line on stderr. */
  warn?: (sentence: string) => void;
}

interface SavedFile {
  version: 1;
  contexts: Record<string, ForwardSpec[]>;
}

export function savedFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(base, 'podnet', 'forwards.json');
}

const warned = new Set<string>();

function defaultWarn(sentence: string): void {
  process.stderr.write(`podnet: ${sentence}\n`);
}

export function sameSpec(a: ForwardSpec, b: ForwardSpec): boolean {
  return sameTarget(a.target, b.target) && a.remotePort === b.remotePort && a.localPort === b.localPort && a.address === b.address;
}

function sameTarget(a: ForwardTarget, b: ForwardTarget): boolean {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

function isPort(n: unknown, min: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= 65535;
}

/** A spec as read from the file, or undefined when it is not one (the rest of the file still counts). */
function validSpec(x: unknown): ForwardSpec | undefined {
  const s = x as Partial<ForwardSpec> | null;
  const t = s?.target as Partial<ForwardTarget> | undefined;
  if (!s || !t || (t.kind !== 'pod' && t.kind !== 'service') || typeof t.namespace !== 'string' || typeof t.name !== 'string') return undefined;
  if (!t.namespace || !t.name || !isPort(s.remotePort, 1) || !isPort(s.localPort, 0) || typeof s.address !== 'string' || !s.address) return undefined;
  return { target: { kind: t.kind, namespace: t.namespace, name: t.name }, remotePort: s.remotePort, localPort: s.localPort, address: s.address };
}

function read(o: SavedOptions): { file: string; data: SavedFile; readable: boolean } {
  const file = o.file ?? savedFilePath(o.env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { file, data: { version: 1, contexts: {} }, readable: true };
    warnOnce(o, file, `cannot read the saved forwards in ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); starting without them.`);
    return { file, data: { version: 1, contexts: {} }, readable: false };
  }
  try {
    const parsed = JSON.parse(text) as { contexts?: unknown };
    if (!parsed || typeof parsed.contexts !== 'object' || parsed.contexts === null || Array.isArray(parsed.contexts)) throw new Error('no "contexts" object');
    const contexts: Record<string, ForwardSpec[]> = {};
    for (const [ctx, list] of Object.entries(parsed.contexts as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      const specs = list.map(validSpec).filter((s): s is ForwardSpec => s !== undefined);
      if (specs.length) contexts[ctx] = specs;
    }
    return { file, data: { version: 1, contexts }, readable: true };
  } catch (e) {
    warnOnce(o, file, `the saved forwards in ${file} are not valid (${(e as Error).message}); starting without them, and the file is replaced when a forward is saved.`);
    return { file, data: { version: 1, contexts: {} }, readable: false };
  }
}

function warnOnce(o: SavedOptions, file: string, sentence: string): void {
  if (warned.has(file)) return;
  warned.add(file);
  (o.warn ?? defaultWarn)(sentence);
}

function write(file: string, data: SavedFile): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The forwards saved for `context` (none when the file is missing or unreadable). */
export function loadSaved(context: string, o: SavedOptions = {}): ForwardSpec[] {
  return read(o).data.contexts[context] ?? [];
}

/** Adds `spec` to the context's saved forwards (once); throws only when the file cannot be written. */
export function saveForward(context: string, spec: ForwardSpec, o: SavedOptions = {}): void {
  const { file, data } = read(o);
  const list = data.contexts[context] ?? [];
  if (list.some((s) => sameSpec(s, spec))) return;
  data.contexts[context] = [...list, validSpec(spec) ?? spec];
  write(file, data);
}

/** Removes `spec` from the context's saved forwards; a no-op when it was not saved. */
export function unsaveForward(context: string, spec: ForwardSpec, o: SavedOptions = {}): void {
  const { file, data, readable } = read(o);
  const list = data.contexts[context] ?? [];
  if (!list.some((s) => sameSpec(s, spec))) return;
  if (!readable) return;
  const rest = list.filter((s) => !sameSpec(s, spec));
  if (rest.length) data.contexts[context] = rest;
  else delete data.contexts[context];
  write(file, data);
}
