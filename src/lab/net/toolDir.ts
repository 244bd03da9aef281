// An image's tools as a folder of links (to busybox applets or host binaries) that becomes the
// only PATH of processes exec'd in its containers: what the image lacks, they cannot find.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, type ImageSpec, type ToolSource } from './images.js';

export function ensureToolDir(labDir: string, spec: ImageSpec): string {
  const dir = join(labDir, 'images', spec.key, 'bin');
  if (existsSync(join(dir, '.complete'))) return dir;
  mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(toolsOf(spec))) {
    const link = join(dir, name);
    if (existsSync(link)) continue;
    symlinkSync('applet' in source ? BUSYBOX : source.binary, link);
  }
  symlinkSync('.', join(dir, '.complete'));
  return dir;
}

/** The image's tools by name; for the busybox image, every applet its busybox reports. */
export function toolsOf(spec: ImageSpec): Record<string, ToolSource> {
  if (spec.tools !== 'all-applets') return spec.tools;
  appletCache ??= execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return Object.fromEntries(appletCache.map((a) => [a, { applet: a }]));
}

let appletCache: string[] | undefined;
