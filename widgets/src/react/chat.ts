import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { TesseraChat as TesseraChatElement } from '../chat/chat.element.js';
import { define } from '../shared/define.js';
import {
  TesseraBranchChangedEvent,
  TesseraConversationDeletedEvent,
  TesseraConversationRenamedEvent,
  TesseraConversationSelectedEvent,
  TesseraErrorOccurredEvent,
  TesseraMessageCopiedEvent,
  TesseraMessageReceivedEvent,
  TesseraMessageSentEvent,
} from '../shared/events.js';

// Registered here rather than through a side-effect import, so a bundler that trusts `sideEffects`
// cannot drop the registration while keeping the component.
define({ noun: 'chat', element: TesseraChatElement });

const LitChat = createComponent({
  react: React,
  tagName: 'tessera-chat',
  elementClass: TesseraChatElement,
  events: {
    onMessageSent: TesseraMessageSentEvent.eventName as EventName<TesseraMessageSentEvent>,
    onMessageReceived: TesseraMessageReceivedEvent.eventName as EventName<TesseraMessageReceivedEvent>,
    onErrorOccurred: TesseraErrorOccurredEvent.eventName as EventName<TesseraErrorOccurredEvent>,
    onBranchChanged: TesseraBranchChangedEvent.eventName as EventName<TesseraBranchChangedEvent>,
    onMessageCopied: TesseraMessageCopiedEvent.eventName as EventName<TesseraMessageCopiedEvent>,
    onConversationSelected: TesseraConversationSelectedEvent.eventName as EventName<TesseraConversationSelectedEvent>,
    onConversationRenamed: TesseraConversationRenamedEvent.eventName as EventName<TesseraConversationRenamedEvent>,
    onConversationDeleted: TesseraConversationDeletedEvent.eventName as EventName<TesseraConversationDeletedEvent>,
  },
  displayName: 'LitTesseraChat',
});

/** Every property of `<tessera-chat>`, and each of its `tessera-*` events as a typed `on…` prop. */
export type TesseraChatProps = React.ComponentPropsWithoutRef<typeof LitChat>;

/**
 * `<tessera-chat>` for React: properties are set on the element (`tessera`, `appearance`, `provider`,
 * `model`, `baseUrl`, …) and its events are typed props. The ref is the element, for `send()`,
 * `stop()` and `newConversation()`.
 *
 * `provider` is also written as the element's attribute: the chat sends `baseUrl` only to the
 * provider its `provider` attribute names, and React sets properties, not attributes.
 */
export const TesseraChat = React.forwardRef<TesseraChatElement, TesseraChatProps>(function TesseraChat(props, ref) {
  const element = React.useRef<TesseraChatElement | null>(null);
  const setRef = React.useCallback(
    (node: TesseraChatElement | null) => {
      element.current = node;
      if (typeof ref === 'function') ref(node);
      else if (ref) ref.current = node;
    },
    [ref],
  );
  const { provider } = props;
  React.useLayoutEffect(() => {
    if (provider) element.current?.setAttribute('provider', provider);
    else element.current?.removeAttribute('provider');
  }, [provider]);
  return React.createElement(LitChat, { ...props, ref: setRef });
});
