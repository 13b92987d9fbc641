/**
 * `@tessera/widgets`: Tessera's Lit web components. Importing this entry registers nothing; use
 * `defineWidgets()`, or import a widget's own entry (`@tessera/widgets/chat`) to register it.
 */
export { TesseraChat } from './chat/chat.element.js';
export { defineWidgets, widgets } from './define-widgets.js';
export { openVaultFrame } from './embed/vault-connection.js';
export { TesseraKeysChangedEvent } from './key-manager/events.js';
export { TesseraKeyManager } from './key-manager/key-manager.element.js';
export { TesseraLibrary } from './library/library.element.js';
export { tesseraContext, themeContext } from './shared/contexts.js';
export { define, type WidgetRegistration } from './shared/define.js';
export {
  TesseraBranchChangedEvent,
  TesseraConversationDeletedEvent,
  TesseraConversationRenamedEvent,
  TesseraConversationSelectedEvent,
  TesseraErrorOccurredEvent,
  TesseraExportCompletedEvent,
  TesseraImportCompletedEvent,
  TesseraMessageCopiedEvent,
  TesseraMessageReceivedEvent,
  TesseraMessageSentEvent,
} from './shared/events.js';
export {
  Localizer,
  loadBuiltInMessages,
  type MessageId,
  type MessageTable,
  registerMessages,
} from './shared/i18n/index.js';
export { type MarkdownChromeLabels, renderMarkdown } from './shared/markdown.js';
export { TesseraElement } from './shared/tessera-element.js';
export { TesseraThemeChangedEvent } from './theme-customizer/events.js';
export { TesseraThemeCustomizer } from './theme-customizer/theme-customizer.element.js';
