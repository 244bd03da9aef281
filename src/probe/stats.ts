import type { RttStats } from './types.js';

/** Tools print RTTs to the microsecond; anything finer than that in a result is noise. */
export function roundMs(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * Nearest-rank percentile: always one of the samples, so a p99 never reports an RTT that was not
 * measured. `sorted` must be ascending and non-empty.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** min/avg/max/mdev/p50/p90/p99 of round-trip times, or null when nothing came back. */
export function rttStats(samples: readonly number[]): RttStats | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const sum = sorted.reduce((a, b) => a + b, 0);
  const avg = sum / n;
  // iputils' mdev is the population standard deviation; Math.max guards float error below zero.
  const variance = Math.max(0, sorted.reduce((a, b) => a + b * b, 0) / n - avg * avg);
  return {
    min: roundMs(sorted[0]!),
    avg: roundMs(avg),
    max: roundMs(sorted[n - 1]!),
    mdev: roundMs(Math.sqrt(variance)),
    p50: roundMs(percentile(sorted, 50)),
    p90: roundMs(percentile(sorted, 90)),
    p99: roundMs(percentile(sorted, 99)),
  };
}

/**
 * Loss in percent to two decimals. Tools disagree here (busybox truncates 2 of 3 lost to 66%,
 * iputils prints 66.6667%), so podnet computes its own from the counts.
 */
export function lossPct(sent: number, received: number): number {
  if (sent <= 0) return 0;
  const lost = Math.max(0, sent - received);
  return Math.round((lost / sent) * 10000) / 100;
}
