import { describe, expect, it } from 'vitest';
import { lossPct, percentile, roundMs, rttStats } from './stats.js';

describe('rttStats', () => {
  it('is null when nothing came back', () => {
    expect(rttStats([])).toBeNull();
  });

  it('gives one sample as every statistic, with no deviation', () => {
    expect(rttStats([0.5])).toEqual({ min: 0.5, avg: 0.5, max: 0.5, mdev: 0, p50: 0.5, p90: 0.5, p99: 0.5 });
  });

  it('computes min/avg/max, the population deviation and nearest-rank percentiles', () => {
    // 1..10: mean 5.5, population variance 8.25, sd 2.8723.
    const s = rttStats([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])!;
    expect(s.min).toBe(1);
    expect(s.max).toBe(10);
    expect(s.avg).toBe(5.5);
    expect(s.mdev).toBe(2.872);
    expect(s.p50).toBe(5);
    expect(s.p90).toBe(9);
    expect(s.p99).toBe(10);
  });

  it("stays within rounding of iputils' own summary (its ok run printed 0.072/0.089/0.129/0.020)", () => {
    // iputils averages unrounded RTTs; from the printed ones the mean is 0.0896.
    const s = rttStats([0.129, 0.086, 0.075, 0.072, 0.086])!;
    expect([s.min, s.avg, s.max, s.mdev]).toEqual([0.072, 0.09, 0.129, 0.02]);
  });

  it('leaves the input alone', () => {
    const xs = [3, 1, 2];
    rttStats(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('rounds to the microsecond', () => {
    expect(rttStats([0.1, 0.2])!.avg).toBe(0.15);
    expect(rttStats([1, 2, 2])!.avg).toBe(1.667);
    expect(roundMs(1.23449)).toBe(1.234);
  });
});

describe('percentile', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  it('always returns a measured sample', () => {
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 90)).toBe(90);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  });

  it('refuses an empty sample', () => {
    expect(() => percentile([], 50)).toThrow();
  });
});

describe('lossPct', () => {
  it('computes loss from counts to two decimals', () => {
    expect(lossPct(5, 5)).toBe(0);
    expect(lossPct(40, 22)).toBe(45);
    expect(lossPct(3, 1)).toBe(66.67);
    expect(lossPct(3, 0)).toBe(100);
    expect(lossPct(7, 3)).toBe(57.14);
  });

  it('is 0 when nothing was sent, and never negative (duplicates can outnumber sends)', () => {
    expect(lossPct(0, 0)).toBe(0);
    expect(lossPct(2, 3)).toBe(0);
  });
});
