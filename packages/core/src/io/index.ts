/**
 * `tessera.io` import: chat exports of ChatGPT, Claude, Gemini, Open WebUI, LibreChat, DeepSeek,
 * Grok, AI Studio, chatbot-ui, SillyTavern, Copilot and Tessera's own archive, read into one
 * neutral model with a report of everything imported and everything not.
 */

export { importAcuArchive, readAcuArchive } from './archive-import.js';
export {
  ACU_ARCHIVE_FORMAT,
  ACU_ARCHIVE_VERSION,
  type AcuArchive,
  type AcuArchiveConversation,
  acuArchiveSchema,
} from './export/archive.js';
export { conversationMarkdown } from './export/markdown.js';
export type { ExportManifest } from './export/zip-export.js';
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
export { createIoApi, type ExportFormat, type IoApi, type IoApiDependencies, type IoImportReport } from './io-api.js';
export type { ImportInput } from './read-input.js';
