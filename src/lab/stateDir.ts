// Where running labs keep their files: one folder per lab process, named by its pid, so that a
// new lab can find and sweep the leftovers of one that was killed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function stateRoot(): string {
  if (process.getuid?.() === 0) return '/run/podnet';
  return join(tmpdir(), `podnet-${process.getuid?.() ?? 'user'}`);
}

export function labDir(pid: number): string {
  return join(stateRoot(), `lab-${pid}`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders of labs whose process is gone; the caller removes what each one left. */
export function deadLabDirs(): { pid: number; dir: string }[] {
  const root = stateRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => /^lab-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), dir: join(root, m[0]) }))
    .filter(({ pid }) => pid !== process.pid && !isAlive(pid));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A small number no other running lab holds, so that labs running side by side give their nodes
 * different loopback addresses (127.0.10+N.x) and their NodePorts do not collide. mkdir is the lock.
 */
export function claimSlot(max = 64): { slot: number; release: () => void } {
  const dir = join(stateRoot(), 'slots');
  mkdirSync(dir, { recursive: true });
  for (let slot = 0; slot < max; slot++) {
    const path = join(dir, String(slot));
    try {
      mkdirSync(path);
    } catch {
      const owner = Number(readFileSyncSafe(join(path, 'pid')));
      if (owner && isAlive(owner)) continue;
      // No pid yet may be a lab between its mkdir and its write: only an old, empty claim is stale.
      if (!owner && Date.now() - statSafe(path) < 10_000) continue;
      rmSync(path, { recursive: true, force: true });
      try {
        mkdirSync(path);
      } catch {
        continue; // another lab took it between our two steps
      }
    }
    writeFileSync(join(path, 'pid'), String(process.pid));
    return { slot, release: () => rmSync(path, { recursive: true, force: true }) };
  }
  throw new Error(`${max} labs are already running on this machine.`);
}

function statSafe(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
