// How the console writes numbers. RTTs are written as the tool itself printed them: parsers keep
// numbers, and each tool's printf is known, so the tool's text is rebuilt exactly from the number.
import type { ToolId } from '../probe/types.js';

/**
 * An RTT in milliseconds as `tool` printed it: busybox always "%u.%03u"; iputils picks the
 * precision by size (ping_common.c: 3 decimals under 1 ms, 2 under 10, 1 under 100, none above).
 */
export function rttText(tool: ToolId | 'iperf3' | undefined, ms: number): string {
  if (tool !== 'iputils-ping') return ms.toFixed(3);
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** A duration the engine measured (connect, first byte, total), in ms. */
export function msText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`;
}

/** The same, without the unit (several on one line share it). */
export function msNum(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)}` : ms.toFixed(ms >= 10 ? 1 : 2);
}

export function bytesText(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function mbitText(mbit: number | null | undefined): string {
  if (mbit === null || mbit === undefined) return '–';
  return mbit >= 1000 ? `${(mbit / 1000).toFixed(2)} Gbit/s` : `${mbit.toFixed(1)} Mbit/s`;
}

/** Loss in percent as podnet computes it (tools round differently): up to one decimal. */
export function lossText(sent: number, received: number): string {
  if (sent <= 0) return '0%';
  const pct = (Math.max(0, sent - received) / sent) * 100;
  return `${Math.round(pct * 10) / 10}%`;
}
