// Writes the probe history to a file atomically: a reader (or a crash) never sees half a file.
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { historyToCsv, historyToJson, type HistoryEntry } from './history.js';

export type HistoryFormat = 'json' | 'csv';

/** Writes entries as JSON or CSV to path (tmp file in the same directory, then rename); returns the absolute path. */
export async function writeHistory(path: string, entries: readonly HistoryEntry[], format: HistoryFormat): Promise<string> {
  const target = resolve(path);
  const text = format === 'csv' ? historyToCsv(entries) : historyToJson(entries);
  // Same directory, so the rename stays on one filesystem and is atomic.
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  return target;
}

/** A default file name for an export, e.g. podnet-probes-20240101-120000.csv. */
export function historyFileName(format: HistoryFormat, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `podnet-probes-${stamp}.${format}`;
}
