import { isTesseraError } from '@tessera/core';
import type { Localizer } from '../../shared/i18n/localizer.js';

/** How the library names each import format (brand names, not translated); an unknown one is shown as it is spelled. */
const SOURCE_NAMES: Readonly<Record<string, string>> = {
  chatgpt: 'ChatGPT',
  claude: 'Claude',
  gemini: 'Gemini',
  openwebui: 'Open WebUI',
  librechat: 'LibreChat',
  deepseek: 'DeepSeek',
  grok: 'Grok',
  aistudio: 'Google AI Studio',
  'chatbot-ui': 'Chatbot UI',
  sillytavern: 'SillyTavern',
  copilot: 'Microsoft Copilot',
};

/** `ChatGPT` for `chatgpt`; `Tessera` when nothing was imported (written here). */
export function sourceName(i18n: Localizer, format: string | undefined): string {
  if (!format) return i18n.t('library.source.tessera');
  if (format === 'tessera-archive') return i18n.t('library.source.tesseraArchive');
  return SOURCE_NAMES[format] ?? format;
}

/** What the library shows for a failure: a TesseraError's sentence, or a generic one (never a stack). */
export interface LibraryError {
  code: string;
  message: string;
}

export function toLibraryError(error: unknown, fallback: string): LibraryError {
  if (isTesseraError(error)) return { code: error.code, message: error.message };
  return { code: 'unknown', message: fallback };
}
