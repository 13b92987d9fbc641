import { demoCommand } from './demo.js';
import type { CliIo } from './io.js';
import { migrateCommand } from './migrate.js';
import { partnerCommand } from './partner.js';
import { serveCommand } from './serve.js';
import { tokenCommand } from './token.js';

/** A CLI command: its one-line summary and how to run it. */
export interface Command {
  summary: string;
  run(args: readonly string[], io: CliIo, repoRoot: string): Promise<number>;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  serve: { summary: 'Run the hosted API (and the built widgets)', run: serveCommand },
  demo: { summary: 'Run the server with a demo partner and print the demo page URL', run: demoCommand },
  migrate: { summary: 'Bring the database schema up to date, then exit', run: (args, io) => migrateCommand(args, io) },
  partner: {
    summary: 'Manage partners and their keys (create, list, rotate-key, ...)',
    run: (args, io) => partnerCommand(args, io),
  },
  token: {
    summary: "Mint a user token with a partner's secret key (development)",
    run: (args, io) => tokenCommand(args, io),
  },
};

export const MAIN_HELP = `Usage: tessera <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(9)}${command.summary}`)
  .join('\n')}

Run \`tessera <command> --help\` for a command's options.
`;
