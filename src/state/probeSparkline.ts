// An RTT or throughput series as one line of block characters, scaled to the window shown
// (min..max of what is on screen), losses as a dot. Pure.

const BLOCKS = '▁▂▃▄▅▆▇█';
export const LOSS = '·';

/** The last `width` samples as blocks; null (a loss) as a dot. */
export function sparkline(values: readonly (number | null)[], width: number): string {
  if (width <= 0) return '';
  const shown = values.slice(Math.max(0, values.length - width));
  const nums = shown.filter((v): v is number => v !== null && Number.isFinite(v));
  if (nums.length === 0) return shown.map(() => LOSS).join('');
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  // A flat series sits low, not high: equal RTTs are good news, not a spike.
  const level = (v: number) => (hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (BLOCKS.length - 1)));
  return shown.map((v) => (v === null || !Number.isFinite(v) ? LOSS : BLOCKS[level(v)]!)).join('');
}
