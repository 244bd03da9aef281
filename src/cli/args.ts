// Flag parsing shared by the commands: node's parseArgs, strict, with its errors as one usage
// sentence, and the flags every command that talks to a cluster takes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export const CLUSTER_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
} as const;

export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals, options });
  } catch (e) {
    // node's messages run to three lines for a value that starts with a dash; the first says it.
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}
