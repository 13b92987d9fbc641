import EventEmitter from 'eventemitter3';
import type { TesseraError } from '../errors/tessera-error.js';
import type { AuditEntry } from '../store/audit-entry.js';
import type { DeletionReceipt } from '../store/deletion-receipt.js';
import type { ConversationRecord, MessageRecord } from '../store/schema.js';

/** A notice for the developer embedding Tessera (never for secrets or content). */
export type TesseraWarning =
  | {
      /** Provider keys are kept in this process's memory (the in-process vault). */
      code: 'in-process-vault';
      message: string;
    }
  | {
      /** An audit entry could not be written: the store refused it, or it was malformed (a bug). */
      code: 'audit-write-failed';
      message: string;
      /**
       * The entry the store refused, so an embedder can keep it elsewhere (it holds no content).
       * Absent for a malformed entry, which is never passed on as it is.
       */
      entry?: AuditEntry;
    };

/** Everything observable on a Tessera instance, with its payload. */
export interface TesseraEventMap {
  'conversation-saved': [conversation: ConversationRecord];
  /** A conversation was deleted for good: the signed receipt (it names the conversation in `conversationId`). */
  'conversation-deleted': [receipt: DeletionReceipt];
  'message-saved': [message: MessageRecord];
  /** A key was added, replaced or removed (never the key itself). */
  'keys-changed': [provider: string];
  error: [error: TesseraError];
  warning: [warning: TesseraWarning];
}

/** The one typed emitter of an instance. */
export class TesseraEvents extends EventEmitter<TesseraEventMap> {}

/**
 * Emits a warning to the instance's listeners, or prints it (message only) when nobody listens,
 * so a warning is never dropped unseen.
 */
export function emitWarning(events: TesseraEvents, warning: TesseraWarning): void {
  if (events.listenerCount('warning') > 0) events.emit('warning', warning);
  else console.warn(`[tessera] ${warning.message}`);
}
