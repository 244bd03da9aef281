// A wait that an abort cuts short without rejecting: callers check the signal themselves.
import { setTimeout as wait } from 'node:timers/promises';

export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch(() => undefined);
}
