// An image's tools as a folder of links (to busybox applets or host binaries) that becomes the
// only PATH of processes exec'd in its containers: what the image lacks, they cannot find.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BUSYBOX, type ImageSpec } from './images.js';

export function ensureToolDir(labDir: string, spec: ImageSpec): string {
  const dir = join(labDir, 'images', spec.key, 'bin');
  if (existsSync(join(dir, '.complete'))) return dir;
  mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(spec.tools)) {
    const link = join(dir, name);
    if (existsSync(link)) continue;
    symlinkSync('applet' in source ? BUSYBOX : source.binary, link);
  }
  symlinkSync('.', join(dir, '.complete'));
  return dir;
}
