import { type ExportDocument, notAChatExport } from './document.js';
import { aistudio } from './formats/aistudio.js';
import { chatbotUi } from './formats/chatbot-ui.js';
import { chatgpt } from './formats/chatgpt.js';
import { claude } from './formats/claude.js';
import { copilot } from './formats/copilot.js';
import { deepseek } from './formats/deepseek.js';
import type { FormatReader } from './formats/format.js';
import { gemini, isGoogleActivity } from './formats/gemini.js';
import { grok } from './formats/grok.js';
import { librechat } from './formats/librechat.js';
import { openwebui } from './formats/openwebui.js';
import { sillytavern } from './formats/sillytavern.js';
import { tessera } from './formats/tessera.js';
import { isObject } from './values.js';

/**
 * Which format a document is, from its structure alone: the keys and nesting its records have,
 * never its file name. Readers are asked in order, the most specific markers first (Tessera's own
 * `format` field; the `mapping` tree, whose message shape tells ChatGPT from DeepSeek).
 */
export const READERS: readonly FormatReader[] = [
  tessera,
  chatgpt,
  deepseek,
  claude,
  openwebui,
  librechat,
  grok,
  gemini,
  aistudio,
  chatbotUi,
  sillytavern,
  copilot,
];

export type Detection =
  | { kind: 'format'; reader: FormatReader }
  /** ChatGPT's `export_manifest.json`: the shards of `conversations.json`, in order. */
  | { kind: 'chatgpt-manifest'; shards: string[] }
  /** ChatGPT's `conversation_asset_file_names.json`: stored file name → original name. */
  | { kind: 'chatgpt-asset-names'; names: Map<string, string> }
  | { kind: 'unknown'; reason: string };

export function detectDocument(doc: ExportDocument): Detection {
  for (const reader of READERS) if (reader.detect(doc)) return { kind: 'format', reader };
  if (doc.kind === 'value' && isObject(doc.value)) {
    const value = doc.value;
    if (isObject(value.logical_files) && ('export_files' in value || 'manifest_file' in value)) {
      const conversations = value.logical_files['conversations.json'];
      const files = isObject(conversations) && Array.isArray(conversations.files) ? conversations.files : [];
      return { kind: 'chatgpt-manifest', shards: files.filter((f): f is string => typeof f === 'string') };
    }
    const entries = Object.entries(value);
    if (entries.length && entries.every(([k, v]) => /^file[-_]/.test(k) && typeof v === 'string')) {
      return { kind: 'chatgpt-asset-names', names: new Map(entries as [string, string][]) };
    }
  }
  return { kind: 'unknown', reason: describeUnknown(doc) };
}

/** The keys of an object, for an error message: only names that look like field names, never free text. */
function keysOf(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  if (!keys.length) return 'no keys';
  const names = keys.filter((k) => /^[A-Za-z_$][\w$.-]{0,39}$/.test(k));
  if (!names.length) return `${keys.length} keys`;
  const shown = names.slice(0, 8).map((k) => `"${k}"`);
  return `the keys ${shown.join(', ')}${keys.length > shown.length ? ', …' : ''}`;
}

/** What a document is, in a phrase, when it is no known export (keys and shapes only, never content). */
export function describeUnknown(doc: ExportDocument): string {
  switch (doc.kind) {
    case 'array': {
      if (doc.count === 0) return 'it is an empty list, so there is nothing in it to import';
      if (isGoogleActivity(doc)) {
        return 'it is Google Takeout activity, but not from Gemini Apps (in Takeout, choose My Activity › Gemini Apps)';
      }
      const first = doc.probe.find(isObject);
      return first
        ? `it is a JSON list whose items have ${keysOf(first)}`
        : 'it is a JSON list, but its items are not objects';
    }
    case 'value': {
      const value = doc.value;
      if (isObject(value)) return `it is a JSON object with ${keysOf(value)}`;
      return `it is a single JSON ${value === null ? 'null' : typeof value}, not a list of conversations`;
    }
    case 'lines':
      return 'it is JSON Lines, but not a SillyTavern chat';
    case 'csv':
      return 'it is a table (CSV) whose columns are not those of a Microsoft Copilot export';
  }
}

/**
 * The reader for a detected document, or the `validation` TesseraError that says what the
 * document is instead ("This file is not a chat export Tessera knows: …") and what to import.
 */
export function readerFor(detection: Detection): FormatReader {
  switch (detection.kind) {
    case 'format':
      return detection.reader;
    case 'chatgpt-manifest':
      return refuse(
        'it is the table of contents of a ChatGPT export (export_manifest.json), not its conversations',
        'Import the whole ZIP, or the conversations-*.json files together with it.',
      );
    case 'chatgpt-asset-names':
      return refuse(
        'it is the list of attachment names of a ChatGPT export, not its conversations',
        'Import the whole ZIP.',
      );
    case 'unknown':
      return refuse(detection.reason);
  }
}

function refuse(reason: string, whatToDo?: string): never {
  throw notAChatExport(reason, whatToDo);
}
