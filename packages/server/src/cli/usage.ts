import { type ParseArgsConfig, parseArgs } from 'node:util';
import * as z from 'zod';

/** A command line that cannot be run as written; the CLI prints it and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The options of one command, as `parseArgs` takes them. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

type StrictConfig<T extends CommandOptions> = { args: string[]; options: T; strict: true; allowPositionals: false };

/**
 * `parseArgs` in strict mode, with its errors turned into a {@link UsageError} that names the
 * command and points to its help.
 */
export function parseCommandArgs<const T extends CommandOptions>(
  command: string,
  args: readonly string[],
  options: T,
): ReturnType<typeof parseArgs<StrictConfig<T>>> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    // Node's messages run on with hints about `--`; the first line is the one that says what is wrong.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new UsageError(`tessera ${command}: ${message} Run \`tessera ${command} --help\` for the options.`);
  }
}

const portSchema = z.coerce.number().int().min(0).max(65_535);

/** A TCP port from a flag or the environment; 0 asks the system for a free one. */
export function parsePort(value: string, source: string): number {
  const result = portSchema.safeParse(value.trim() === '' ? Number.NaN : value);
  if (!result.success) {
    throw new UsageError(`${source} must be a whole number from 0 to 65535 (0 picks a free port), not "${value}".`);
  }
  return result.data;
}
