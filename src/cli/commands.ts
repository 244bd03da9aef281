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
