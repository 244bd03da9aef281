import { describe, expect, it } from 'vitest';
import { reconciler } from './reconciler.js';

describe('reconciler', () => {
  it('a call made during a step asks for one more pass instead of nesting', () => {
    const depth: number[] = [];
    let inside = 0;
    let calls = 0;
    const run: () => void = reconciler(() => {
      inside++;
      depth.push(inside);
      calls++;
      if (calls < 3) {
        run();
        run();
      }
      inside--;
    });
    run();
    expect(depth).toEqual([1, 1, 1]);
  });

  it('does nothing once stopped, and stops asking for passes', () => {
    let stopped = false;
    let steps = 0;
    const run: () => void = reconciler(() => {
      steps++;
      stopped = true;
      run();
    }, () => stopped);
    run();
    run();
    expect(steps).toBe(1);
  });
});
