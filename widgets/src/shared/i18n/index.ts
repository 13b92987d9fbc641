export { formatMessage, type MessageParams } from './format-message.js';
export { canonicalLocale, inheritedLang } from './locale.js';
export { directionOf, Localizer } from './localizer.js';
export { en, type MessageId, type MessageTable, messageIds } from './messages.js';
export {
  hasMessages,
  loadBuiltInMessages,
  lookupMessage,
  messageTableSchema,
  onMessagesRegistered,
  parseMessageTable,
  provideEnglish,
  registeredLocales,
  registerMessages,
} from './registry.js';
