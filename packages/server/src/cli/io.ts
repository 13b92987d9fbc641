/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  /** Writes to standard output; `text` carries its own newline. */
  stdout(text: string): void;
  /** Writes to standard error; `text` carries its own newline. */
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Against which relative paths (`--data-dir`) are resolved. */
  cwd: string;
  /** Aborted when the process is asked to stop (SIGINT, SIGTERM). */
  stop: AbortSignal;
}

/** The process's own streams, environment and directory. */
export function processIo(stop: AbortSignal): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stop,
  };
}
