import type { Database } from '../db/database.js';
import type { Logger } from './logger.js';

/** What `/ready` answers: ready, still starting (or stopping), or the database is unreachable. */
export type Readiness = 'ok' | 'starting' | 'unavailable';

/** How `/ready` checks the database; given to `createApp` as `readiness`. */
export interface ReadinessOptions {
  /** How long the check query may take before the database counts as unreachable; 1 s by default. */
  timeoutMs?: number;
  /**
   * How long a good answer is reused, so load balancers polling `/ready` do not each reach the
   * database; 1 s by default. A failure is never reused: the next poll checks again.
   */
  cacheMs?: number;
  /** The clock, in ms (tests move it by hand). */
  now?: () => number;
}

export const DEFAULT_READINESS_TIMEOUT_MS = 1000;
export const DEFAULT_READINESS_CACHE_MS = 1000;

const TIMED_OUT = Symbol('timed out');

/**
 * The readiness check of `/ready`: whether the server has started, and whether its database answers
 * `SELECT 1` now. A database lost after start (PostgreSQL restarted, network cut) makes it
 * `unavailable` at once, and `ok` again once it answers, without a restart. One check query runs at
 * a time however many polls arrive: a poll during a slow query waits for that query (up to the
 * timeout) instead of sending another. The first failure after a success, and the recovery, are
 * logged once each, with the error's name and code, never its message (a driver may quote the URL).
 */
export function databaseReadiness(
  started: () => boolean,
  getDb: () => Database | undefined,
  options: ReadinessOptions & { logger: Logger },
): () => Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  const cacheMs = options.cacheMs ?? DEFAULT_READINESS_CACHE_MS;
  const now = options.now ?? (() => performance.now());
  let goodUntil = Number.NEGATIVE_INFINITY;
  let goodDb: Database | undefined;
  let inFlight: { db: Database; result: Promise<{ error: unknown } | undefined> } | undefined;
  let lastLogged: 'ok' | 'unavailable' = 'ok';

  const note = (state: 'ok' | 'unavailable', error?: unknown) => {
    if (state === lastLogged) return;
    lastLogged = state;
    if (state === 'ok') {
      options.logger.info('database_recovered');
      return;
    }
    const reason = describeFailure(error);
    options.logger.warn('database_unavailable', { errorName: reason.name, errorCode: reason.code });
  };

  return async () => {
    const db = getDb();
    if (!started() || !db) return 'starting';
    if (db === goodDb && now() < goodUntil) return 'ok';
    if (inFlight?.db !== db) {
      const result = db.query('select 1').then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      const current = { db, result };
      inFlight = current;
      void result.finally(() => {
        if (inFlight === current) inFlight = undefined;
      });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      inFlight.result,
      new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (outcome === undefined) {
      goodDb = db;
      goodUntil = now() + cacheMs;
      note('ok');
      return 'ok';
    }
    goodUntil = Number.NEGATIVE_INFINITY;
    note('unavailable', outcome === TIMED_OUT ? { name: 'TimeoutError', code: 'READY_TIMEOUT' } : outcome.error);
    return 'unavailable';
  };
}

/** The name and system or SQLSTATE code of a failure, never its message. */
function describeFailure(error: unknown): { name: string; code: string | undefined } {
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
  };
  return {
    name: typeof name === 'string' ? name : 'Error',
    code: typeof code === 'string' && /^[A-Z0-9_]{1,40}$/i.test(code) ? code : undefined,
  };
}
