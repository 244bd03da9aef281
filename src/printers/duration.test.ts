import { describe, expect, it } from 'vitest';
import { humanDuration, shortHumanDuration, timestampSince } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1999, '0s'], // Go truncates -1.999s to -1: within the tolerated clock skew
    [0, '0s'],
    [999, '0s'],
    [46 * s, '46s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [5 * m + 12 * s, '5m12s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 4 * m, '3h4m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [2 * d, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [45 * d + 5 * h, '45d'],
    [729 * d, '729d'],
    [2 * y, '2y'],
    [3 * y + 20 * d, '3y20d'],
    [8 * y + 100 * d, '8y'],
  ])('%d ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('shortHumanDuration (apimachinery duration.ShortHumanDuration)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [59 * s, '59s'],
    [60 * s, '1m'],
    [59 * m + 59 * s, '59m'],
    [60 * m, '1h'],
    [23 * h + 59 * m, '23h'],
    [24 * h, '1d'],
    [364 * d, '364d'],
    [365 * d, '1y'],
    [3 * y + 200 * d, '3y'],
  ])('%d ms -> %s', (ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});

describe('timestampSince (printers.go translateTimestampSince)', () => {
  const now = new Date('2026-11-24T08:16:57Z');

  it('reads RFC 3339 strings and Dates alike', () => {
    expect(timestampSince('2026-11-24T08:16:11Z', now)).toBe('46s');
    expect(timestampSince(new Date('2026-11-24T08:11:45Z'), now)).toBe('5m12s');
  });

  it('prints <unknown> for an absent or zero time, as Go does for metav1.Time{}', () => {
    for (const t of [undefined, null, '', '0001-01-01T00:00:00Z']) expect(timestampSince(t, now)).toBe('<unknown>');
  });

  it('prints <invalid> for a time more than a second in the future', () => {
    expect(timestampSince('2026-11-24T08:19:30Z', now)).toBe('<invalid>');
  });
});
