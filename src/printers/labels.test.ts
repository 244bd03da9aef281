import { describe, expect, it } from 'vitest';
import { formatLabels, formatLabelSelector } from './labels.js';

describe('formatLabels (labels.FormatLabels)', () => {
  it.each([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ app: 'web' }, 'app=web'],
    [{ tier: 'front', app: 'web' }, 'app=web,tier=front'],
  ])('%j -> %s', (map, want) => {
    expect(formatLabels(map)).toBe(want);
  });
});

describe('formatLabelSelector (metav1.FormatLabelSelector)', () => {
  it.each([
    ['nil', undefined, '<none>'],
    ['empty selects everything', {}, '<none>'],
    ['matchLabels', { matchLabels: { app: 'web' } }, 'app=web'],
    [
      'requirements sorted by key, values sorted',
      {
        matchLabels: { zone: 'a' },
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['b', 'a'] },
          { key: 'env', operator: 'In', values: ['prod'] },
          { key: 'legacy', operator: 'DoesNotExist' },
          { key: 'canary', operator: 'Exists' },
        ],
      },
      'canary,env in (prod),!legacy,tier notin (a,b),zone=a',
    ],
    ['unknown operator', { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, '<error>'],
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, '<error>'],
  ])('%s', (_name, selector, want) => {
    expect(formatLabelSelector(selector)).toBe(want);
  });
});
