// Entry point: argv -> command -> exit code. The one place that catches everything and exits.
import { commandHelp, helpText, type Command } from './cli/commands.js';
import { labCommand } from './cli/lab.js';
import { explain, UsageError } from './errors.js';

declare const PODNET_VERSION: string;
const VERSION = typeof PODNET_VERSION === 'string' ? PODNET_VERSION : '0.0.0-dev';

const COMMANDS: Command[] = [labCommand];

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-v' || first === '--version') {
    process.stdout.write(`podnet ${VERSION}\n`);
    return 0;
  }
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(`${helpText(COMMANDS, VERSION)}\n`);
    return first === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === first);
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
