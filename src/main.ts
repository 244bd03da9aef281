// Entry point: argv -> command -> exit code. The one place that catches everything and exits.
import { commandFirst, commandHelp, helpText, type Command } from './cli/commands.js';
import { labTuiCommand, tuiCommand } from './cli/tui.js';
import { forwardCommand } from './cli/forward.js';
import { probeCommand } from './cli/probe.js';
import { explain, UsageError } from './errors.js';

declare const PODNET_VERSION: string;
const VERSION = typeof PODNET_VERSION === 'string' ? PODNET_VERSION : '0.0.0-dev';

// The lab's code is loaded only for the commands that need it, so the explorer starts faster.
const commands = async (): Promise<Command[]> => [tuiCommand, labTuiCommand, probeCommand, forwardCommand, (await import('./cli/lab.js')).labCommand];

async function main(given: string[]): Promise<number> {
  const argv = commandFirst(given, new Set(['probe', 'forward', 'lab']));
  const [first, ...rest] = argv;
  if (first === '-v' || first === '--version') {
    process.stdout.write(`podnet ${VERSION}\n`);
    return 0;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(`${helpText(await commands(), VERSION)}\n`);
    return 0;
  }
  // No command, or flags first: the explorer (`podnet`, `podnet -n NS`, `podnet --lab`).
  const command = first === undefined || (first.startsWith('-') && first !== '--lab') ? tuiCommand : (await commands()).find((c) => c.name === first);
  if (command === tuiCommand) {
    if (argv.includes('-h') || argv.includes('--help')) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    return command.run(argv);
  }
  if (!command) throw new UsageError(`unknown command "${first}".`);
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    const { text, exitCode } = explain(err);
    process.stderr.write(`${text}\n`);
    process.exitCode = exitCode;
  },
);
