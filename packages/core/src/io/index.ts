/**
 * `tessera.io` import: chat exports of ChatGPT, Claude, Gemini, Open WebUI, LibreChat, DeepSeek,
 * Grok, AI Studio, chatbot-ui, SillyTavern, Copilot and Tessera's own archive, read into one
 * neutral model with a report of everything imported and everything not.
 */

export {
  createTesseraArchive,
  TESSERA_ARCHIVE_FORMAT,
  TESSERA_ARCHIVE_VERSION,
  type TesseraArchive,
  tesseraArchiveSchema,
} from './formats/tessera.js';
export { detectImportFormat, type ImportOptions, type ImportProgress, parseImport } from './import.js';
export {
  IMPORT_FORMATS,
  type ImportedCitation,
  type ImportedConversation,
  type ImportedMemory,
  type ImportedMessage,
  type ImportedPart,
  type ImportedRole,
  type ImportFormat,
  type ImportReport,
  type ImportResult,
  importedConversationSchema,
  importedMemorySchema,
  importedMessageSchema,
  importedPartSchema,
  importFormatSchema,
  importReportSchema,
  type SkippedItem,
} from './imported.js';
export type { ImportInput } from './read-input.js';
