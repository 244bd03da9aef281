import { describe, expect, it } from 'vitest';
import { commandFirst } from './commands.js';

const names = new Set(['probe', 'forward', 'lab']);

describe('commandFirst: global flags before the command, as kubectl users type them', () => {
  it('moves the command word to the front, keeping the flags in order after it', () => {
    expect(commandFirst(['--context', 'prod', 'probe', 'a', 'b', '--json'], names)).toEqual(['probe', '--context', 'prod', 'a', 'b', '--json']);
    expect(commandFirst(['-n', 'payments', '--kubeconfig=/k', 'forward', 'svc/x', '80'], names)).toEqual(['forward', '-n', 'payments', '--kubeconfig=/k', 'svc/x', '80']);
    expect(commandFirst(['--kubeconfig', 'F', 'lab', 'fault', 'heal', 'p'], names)).toEqual(['lab', '--kubeconfig', 'F', 'fault', 'heal', 'p']);
  });

  it('leaves the explorer\'s argv and command-first argv alone', () => {
    expect(commandFirst(['-n', 'probe'], names)).toEqual(['-n', 'probe']); // a namespace named probe
    expect(commandFirst(['--lab', '-A'], names)).toEqual(['--lab', '-A']);
    expect(commandFirst(['probe', 'a', 'b'], names)).toEqual(['probe', 'a', 'b']);
    expect(commandFirst(['--readonly', 'bogus'], names)).toEqual(['--readonly', 'bogus']);
    expect(commandFirst([], names)).toEqual([]);
  });
});
