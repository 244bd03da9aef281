// The command table: the only source of usage text, so --help cannot drift from what runs.

export interface Command {
  name: string;
  usage: string;
  summary: string;
  details: string;
  examples: string[];
  run: (argv: string[]) => Promise<number>;
}

export function helpText(commands: Command[], version: string): string {
  return [
    `podnet ${version}: a keyboard-driven explorer for Kubernetes pod networking, with a built-in lab.`,
    '',
    'Usage:',
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Global:',
    '  -h, --help     show help (podnet CMD --help for one command)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 success, 1 a probe ran and failed, 2 usage, configuration, connection or permission error.',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  return [`Usage: ${c.usage}`, '', c.summary, '', c.details, '', 'Examples:', ...c.examples.map((e) => `  ${e}`)].join('\n');
}

// Flags every command takes, with the value that follows them when not written as --flag=value.
const VALUE_FLAGS = new Set(['--kubeconfig', '--context', '-n', '--namespace']);

/**
 * kubectl users put global flags first (`podnet --context prod probe a b`, `kubectl podnet -n x
 * forward ...`): the command word is moved to the front, its flags kept in order after it. Argv
 * without a command word after its flags (`podnet -n NS`, `podnet --lab`) is left as it is.
 */
export function commandFirst(argv: readonly string[], names: ReadonlySet<string>): string[] {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    return names.has(a) && i > 0 ? [a, ...argv.slice(0, i), ...argv.slice(i + 1)] : [...argv];
  }
  return [...argv];
}
