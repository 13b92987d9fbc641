import EventEmitter from 'eventemitter3';
import type { TesseraError } from '../errors/tessera-error.js';
import type { ConversationRecord, MessageRecord } from '../store/schema.js';

/** A notice for the developer embedding Tessera (never for secrets or content). */
export interface TesseraWarning {
  code: 'in-process-vault';
  message: string;
}

/** Everything observable on a Tessera instance, with its payload. */
export interface TesseraEventMap {
  'conversation-saved': [conversation: ConversationRecord];
  'conversation-deleted': [conversationId: string];
  'message-saved': [message: MessageRecord];
  /** A key was added, replaced or removed (never the key itself). */
  'keys-changed': [provider: string];
  error: [error: TesseraError];
  warning: [warning: TesseraWarning];
}

/** The one typed emitter of an instance. */
export class TesseraEvents extends EventEmitter<TesseraEventMap> {}
