import { isTesseraError } from '@tessera/core';

/** How the library names each import format; an unknown one is shown as it is spelled. */
const SOURCE_NAMES: Readonly<Record<string, string>> = {
  chatgpt: 'ChatGPT',
  claude: 'Claude',
  gemini: 'Gemini',
  openwebui: 'Open WebUI',
  librechat: 'LibreChat',
  deepseek: 'DeepSeek',
  grok: 'Grok',
  'tessera-archive': 'Tessera archive',
  aistudio: 'Google AI Studio',
  'chatbot-ui': 'Chatbot UI',
  sillytavern: 'SillyTavern',
  copilot: 'Microsoft Copilot',
};

/** `ChatGPT` for `chatgpt`; `Tessera` when nothing was imported (written here). */
export function sourceName(format: string | undefined): string {
  if (!format) return 'Tessera';
  return SOURCE_NAMES[format] ?? format;
}

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** `512 bytes`, `1.5 KB`, `12 MB`, `1.2 GB` (powers of 1024, as storage quotas are reported). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? Number(value.toFixed(1)) : Math.round(value)} ${BYTE_UNITS[unit]}`;
}

// One formatter each, made once: constructing Intl formatters per row would dominate a 1,000-row render.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat();

/** A date for a table cell; the empty string for what is no date. */
export function formatDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : dateFormat.format(ms);
}

/** A date and time (the activity log, receipts). */
export function formatDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTimeFormat.format(ms);
}

export function formatCount(count: number): string {
  return numberFormat.format(count);
}

/** `1 conversation`, `3 conversations`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
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
