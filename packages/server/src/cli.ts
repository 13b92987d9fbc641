import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS, MAIN_HELP } from './cli/commands.js';
import { type CliIo, processIo } from './cli/io.js';
import { shutdownOnSignals } from './cli/shutdown-signals.js';
import { UsageError } from './cli/usage.js';

// Computed here, in an entry file, because this file sits at the same depth in src/ and in the built
// dist/ (packages/server/{src,dist}/cli.*); modules under cli/ are bundled into dist/cli.js, so
// their own location would differ between the two.
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs the `tessera` CLI with `argv` (the arguments after the program name) and resolves with the
 * exit code: 0 done, 1 failed, 2 the command line was wrong.
 */
export async function main(argv: readonly string[], io?: CliIo): Promise<number> {
  const cli = io ?? processIo(shutdownOnSignals(() => process.exit(1)));
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    cli[name === undefined ? 'stderr' : 'stdout'](MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    cli.stderr(`Unknown command "${name}".\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return await command.run(args, cli, REPO_ROOT);
  } catch (error) {
    if (error instanceof UsageError) {
      cli.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
