import type { DeletionReceipt, ExportFormat, IoImportReport } from '@tessera/core';

/**
 * Widget events. They bubble out of shadow DOM (`composed`) and keep their `tessera-` names under
 * any tag prefix, so a partner's listeners do not depend on how the widgets were registered.
 */
export class TesseraMessageSentEvent extends CustomEvent<{ conversationId: string; messageId: string }> {
  static readonly eventName = 'tessera-message-sent';
  constructor(detail: { conversationId: string; messageId: string }) {
    super(TesseraMessageSentEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

export class TesseraMessageReceivedEvent extends CustomEvent<{
  conversationId: string;
  messageId: string;
  status: 'complete' | 'incomplete' | 'error' | 'streaming';
}> {
  static readonly eventName = 'tessera-message-received';
  constructor(detail: TesseraMessageReceivedEvent['detail']) {
    super(TesseraMessageReceivedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

export class TesseraErrorOccurredEvent extends CustomEvent<{ code: string; message: string }> {
  static readonly eventName = 'tessera-error-occurred';
  constructor(detail: { code: string; message: string }) {
    super(TesseraErrorOccurredEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'tessera-message-sent': TesseraMessageSentEvent;
    'tessera-message-received': TesseraMessageReceivedEvent;
    'tessera-error-occurred': TesseraErrorOccurredEvent;
  }
}

/** An import ended: the report of what was stored and everything that was not (`skipped`, `warnings`). */
export class TesseraImportCompletedEvent extends CustomEvent<IoImportReport> {
  static readonly eventName = 'tessera-import-completed';
  constructor(detail: IoImportReport) {
    super(TesseraImportCompletedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** A conversation was deleted for good: its signed receipt (no content), and whether it verified. */
export class TesseraConversationDeletedEvent extends CustomEvent<{
  conversationId: string;
  receipt: DeletionReceipt;
  verified: boolean;
}> {
  static readonly eventName = 'tessera-conversation-deleted';
  constructor(detail: TesseraConversationDeletedEvent['detail']) {
    super(TesseraConversationDeletedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** An export is ready: the file (also offered to the user as a download), its name, and what it holds. */
export class TesseraExportCompletedEvent extends CustomEvent<{
  format: ExportFormat;
  /** The conversations exported, or undefined for all of them. */
  conversationIds: string[] | undefined;
  blob: Blob;
  filename: string;
}> {
  static readonly eventName = 'tessera-export-completed';
  constructor(detail: TesseraExportCompletedEvent['detail']) {
    super(TesseraExportCompletedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'tessera-import-completed': TesseraImportCompletedEvent;
    'tessera-conversation-deleted': TesseraConversationDeletedEvent;
    'tessera-export-completed': TesseraExportCompletedEvent;
  }
}

/** The user opened a conversation from the chat's conversation list. */
export class TesseraConversationSelectedEvent extends CustomEvent<{ conversationId: string }> {
  static readonly eventName = 'tessera-conversation-selected';
  constructor(detail: { conversationId: string }) {
    super(TesseraConversationSelectedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** The user renamed a conversation (the title is not in the event: read it from `tessera.chat`). */
export class TesseraConversationRenamedEvent extends CustomEvent<{ conversationId: string }> {
  static readonly eventName = 'tessera-conversation-renamed';
  constructor(detail: { conversationId: string }) {
    super(TesseraConversationRenamedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** Another branch is shown (‹ › between versions, a regenerated answer, an edited message): `messageId` is its leaf. */
export class TesseraBranchChangedEvent extends CustomEvent<{ conversationId: string; messageId: string }> {
  static readonly eventName = 'tessera-branch-changed';
  constructor(detail: { conversationId: string; messageId: string }) {
    super(TesseraBranchChangedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** The user copied a message's text to the clipboard. */
export class TesseraMessageCopiedEvent extends CustomEvent<{ messageId: string }> {
  static readonly eventName = 'tessera-message-copied';
  constructor(detail: { messageId: string }) {
    super(TesseraMessageCopiedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'tessera-conversation-selected': TesseraConversationSelectedEvent;
    'tessera-conversation-renamed': TesseraConversationRenamedEvent;
    'tessera-branch-changed': TesseraBranchChangedEvent;
    'tessera-message-copied': TesseraMessageCopiedEvent;
  }
}
