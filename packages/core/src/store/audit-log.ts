import * as z from 'zod/mini';
import { isTesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import { emitWarning, type TesseraEvents } from '../events/tessera-events.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import { type AuditEntry, type AuditInput, auditEntrySchema } from './audit-entry.js';
import type { StoreAdapter } from './store-adapter.js';

/** What the audit log needs from its instance. */
export interface AuditLogDependencies {
  /** The store, opened on first use. */
  store(): Promise<StoreAdapter>;
  /** Who acts: the owner id the instance runs as. */
  ownerId: string;
  /** Where a failed write is reported, as a `warning` with code `audit-write-failed`. */
  events: TesseraEvents;
}

/** A query of the audit log. */
export interface AuditQuery {
  /** At most this many entries, newest first. */
  limit?: number;
}

/** The instance's audit log: who read or changed the user's data, when and through what; never the data. */
export interface AuditLog {
  /**
   * Records an entry (adding id, time, actor and origin) and returns at once: the write is queued
   * behind the ones before it. Never throws; a failed write is reported as a `warning` event.
   */
  record(input: AuditInput): void;
  /** The log, newest first, once every entry recorded before the call is written. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Resolves when every entry recorded so far is written or reported as failed (before closing the store). */
  settled(): Promise<void>;
}

const auditQuerySchema = z.optional(
  z.strictObject({ limit: z.optional(z.int().check(z.positive('must be at least 1.'))) }),
);

function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === 'string' ? origin : undefined;
}

/** Creates the audit log of an instance over its store. */
export function createAuditLog(deps: AuditLogDependencies): AuditLog {
  let queue: Promise<void> = Promise.resolve();

  const report = (message: string, entry?: AuditEntry) =>
    emitWarning(deps.events, { code: 'audit-write-failed', message, ...(entry ? { entry } : {}) });

  async function write(entry: AuditEntry): Promise<void> {
    try {
      await (await deps.store()).appendAudit(entry);
    } catch (error) {
      // The store's own sentence when it has one (storage errors never carry content), else a generic one.
      const why = isTesseraError(error) ? ` ${error.message}` : '';
      report(`An audit entry (${entry.action}) could not be written to the store.${why}`, entry);
    }
  }

  return {
    record(input) {
      // Id and time are taken now, not when the write runs, so entries order as the actions happened.
      const origin = pageOrigin();
      let entry: AuditEntry;
      try {
        entry = parseOrThrow(
          auditEntrySchema,
          {
            ...input,
            id: uuidv7(),
            at: new Date().toISOString(),
            actor: deps.ownerId,
            ...(origin === undefined ? {} : { origin }),
          },
          'audit entry',
        );
      } catch (error) {
        report(isTesseraError(error) ? error.message : 'An audit entry was malformed and was not written.');
        return;
      }
      queue = queue.then(() => write(entry));
    },
    async list(query) {
      const parsed = parseOrThrow(auditQuerySchema, query, 'audit query');
      await queue;
      return (await deps.store()).listAudit(parsed);
    },
    settled() {
      return queue;
    },
  };
}
