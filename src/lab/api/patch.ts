// The three patch kinds kubectl and client-node send. Strategic merge is JSON merge patch plus
// merging lists of named items by name (containers, ports, env), which is what the tools the lab
// serves actually send; `$patch` directives beyond `delete` are not supported.
import jsonPatch, { type Operation } from 'fast-json-patch';
import type { KubeObject } from '../store/kubeObject.js';

export type PatchType = 'merge' | 'strategic' | 'json';

export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  const ct = (contentType ?? '').split(';')[0]!.trim();
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic';
  if (ct === 'application/json-patch+json') return 'json';
  return undefined;
}

export function applyPatch(target: KubeObject, patch: unknown, type: PatchType): KubeObject {
  if (type === 'json') {
    if (!Array.isArray(patch)) throw new Error('json patch must be an array of operations');
    return jsonPatch.applyPatch(structuredClone(target), patch as Operation[], true, false).newDocument;
  }
  return mergePatch(target, patch, type === 'strategic') as KubeObject;
}

function mergePatch(target: unknown, patch: unknown, strategic: boolean): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (strategic && Array.isArray(v) && Array.isArray(out[k]) && v.every(hasName)) {
      out[k] = mergeNamedLists(out[k] as Record<string, unknown>[], v as Record<string, unknown>[]);
    } else out[k] = mergePatch(out[k], v, strategic);
  }
  return out;
}

function mergeNamedLists(base: Record<string, unknown>[], patch: Record<string, unknown>[]): unknown[] {
  const out = [...base];
  for (const item of patch) {
    const i = out.findIndex((b) => hasName(b) && b.name === item.name);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = mergePatch(out[i], item, true) as Record<string, unknown>;
    else out.push(item);
  }
  return out;
}

function hasName(v: unknown): v is Record<string, unknown> & { name: string } {
  return isPlainObject(v) && typeof v.name === 'string';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
