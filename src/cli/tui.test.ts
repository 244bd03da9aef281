import { describe, expect, it } from 'vitest';
import { parseTuiArgs } from './tui.js';

describe('parseTuiArgs', () => {
  it('reads the explorer\'s flags', () => {
    expect(parseTuiArgs(['--kubeconfig', 'k', '--context', 'c', '-n', 'shop', '--readonly'])).toEqual({
      kubeconfig: 'k', context: 'c', namespace: 'shop', all: false, readonly: true, lab: false, 'all-namespaces': false,
    });
    expect(parseTuiArgs(['-A'])).toMatchObject({ all: true });
    expect(parseTuiArgs(['--lab'])).toMatchObject({ lab: true });
  });

  it('refuses what cannot be meant, in one sentence', () => {
    expect(() => parseTuiArgs(['-n', 'a', '-A'])).toThrow('-n and -A cannot be used together.');
    expect(() => parseTuiArgs(['--lab', '--context', 'x'])).toThrow('--lab makes its own kubeconfig; leave out --kubeconfig and --context.');
    expect(() => parseTuiArgs(['--nope'])).toThrow(/Unknown option '--nope'/);
  });
});
