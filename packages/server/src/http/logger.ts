/** A value a log line may carry. Objects are not accepted, so a request body cannot slip in whole. */
export type LogValue = string | number | boolean | null | undefined;

/** Structured logging: one event name plus flat fields. */
export interface Logger {
  info(event: string, fields?: Record<string, LogValue>): void;
  warn(event: string, fields?: Record<string, LogValue>): void;
  error(event: string, fields?: Record<string, LogValue>): void;
}

// Field names that could only hold a secret or a payload. Dropping them by name is the second
// line of defence; the first is never passing them.
const SECRET_FIELD = /authorization|cookie|token|secret|password|passwd|api[-_]?key|publishable|body/i;

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Partner ids inside secret keys hold dashes (sk_live_acme-x1_…), so the whole run is taken.
  [/\b(sk|pk)_(live|test)_[A-Za-z0-9_-]+/g, '$1_$2_[redacted]'],
  // A JWT (user token) quoted without its Bearer prefix: header.payload.signature, base64url.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted JWT]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]'],
  [/(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1[redacted]@'],
];

/**
 * Removes what looks like a key, a token or URL credentials from a string, for the odd error message
 * that quotes its input.
 */
export function redact(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/**
 * A logger that writes one JSON object per line (`time`, `level`, `event`, then the fields), for
 * log shippers. Fields named like secrets are dropped and strings are {@link redact}ed.
 */
export function createJsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const log = (level: string, event: string, fields: Record<string, LogValue> = {}) => {
    const entry: Record<string, LogValue> = { time: new Date().toISOString(), level, event };
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined || SECRET_FIELD.test(key)) continue;
      entry[key] = typeof value === 'string' ? redact(value) : value;
    }
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
