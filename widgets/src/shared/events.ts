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
