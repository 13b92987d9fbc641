import { parseOrThrow, TesseraError } from '@tessera/core';
import * as z from 'zod/mini';
import { en, type MessageId, type MessageTable, messageIds } from './messages.js';

/**
 * A translation table: only known ids, each a string. An unknown id is refused (a typo would
 * otherwise be silently ignored and the English shown); a missing one falls back to English.
 */
export const messageTableSchema = z.strictObject(
  Object.fromEntries(messageIds.map((id) => [id, z.optional(z.string())])) as Record<
    MessageId,
    z.ZodMiniOptional<z.ZodMiniString>
  >,
);

/**
 * The English every lookup falls back to. It starts with what a chat needs; the library's and the
 * key manager's sentences join it when those widgets' code loads (`provideEnglish`), so a page with
 * only a chat never downloads them.
 */
const english: MessageTable = { ...en };

/** Translations by BCP 47 tag: English, the shipped ones once loaded, and the partner's. */
const tables = new Map<string, MessageTable>([['en', english]]);

/**
 * Adds shipped English sentences: each widget's module passes its own (the library's
 * `libraryEnglish`) when it loads, before it can render. Widgets already on the page re-render.
 */
export function provideEnglish(sentences: MessageTable): void {
  if (Object.keys(sentences).every((id) => id in english)) return;
  Object.assign(english, sentences);
  notify();
}

/**
 * The translations that ship, loaded the first time a widget asks for their language: a page in
 * English never downloads them. Until one arrives the English shows, then widgets re-render.
 */
const builtIn: Record<string, () => Promise<MessageTable>> = {
  de: async () => (await import('./locales/de.js')).de,
  ar: async () => (await import('./locales/ar.js')).ar,
};
const loading = new Map<string, Promise<void>>();

/** Loads a shipped translation of `language` if there is one; resolves once it is in place. */
export function loadBuiltInMessages(language: string): Promise<void> {
  const load = builtIn[language];
  if (!load) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = load().then(
      (table) => {
        // A partner's registerMessages() for the language wins over the shipped words.
        tables.set(language, { ...table, ...tables.get(language) });
        notify();
      },
      (error: unknown) => {
        loading.delete(language);
        console.warn(`[tessera] The ${language} translation could not load; English is shown.`, error);
      },
    );
    loading.set(language, pending);
  }
  return pending;
}

/** Listeners told when a table changes, so connected widgets re-render in the new words. */
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function canonical(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? locale;
  } catch {
    throw new TesseraError(
      'validation',
      `“${locale}” is not a language tag. Use a BCP 47 tag such as “de”, “ar” or “pt-BR”.`,
    );
  }
}

/**
 * Adds (or extends) the translation for `locale` (a BCP 47 tag: `de`, `pt-BR`). Ids left out
 * fall back to the language's table (`pt` for `pt-BR`), then to English. Throws a `validation`
 * TesseraError naming any unknown id. Widgets already on the page re-render.
 *
 * @example registerMessages('fr', { 'library.label': 'Votre bibliothèque' });
 */
export function registerMessages(locale: string, messages: MessageTable): void {
  const tag = canonical(locale);
  const table = parseOrThrow(messageTableSchema, messages, `messages for “${tag}”`) as MessageTable;
  tables.set(tag, { ...tables.get(tag), ...table });
  notify();
}

/** Validates a per-element `messages` table (the same rules as `registerMessages`). */
export function parseMessageTable(messages: unknown): MessageTable {
  return parseOrThrow(messageTableSchema, messages, 'messages') as MessageTable;
}

/** The languages with a table: English, German and Arabic ship; partners add more. */
export function registeredLocales(): string[] {
  return [...new Set([...tables.keys(), ...Object.keys(builtIn)])];
}

/**
 * The sentence for `id` in `locale`: its own table, then its language's (`de` for `de-AT`), then
 * English. Never undefined: an id whose widget's English has not loaded shows as the id itself,
 * which only a widget rendering another widget's sentences could meet.
 */
export function lookupMessage(locale: string, id: MessageId): string {
  const tag = tables.has(locale) ? locale : canonical(locale);
  const language = tag.split('-')[0] ?? tag;
  if (!loading.has(language)) void loadBuiltInMessages(language);
  return tables.get(tag)?.[id] ?? tables.get(language)?.[id] ?? english[id] ?? id;
}

/** Whether `locale` (or its language) has a table of its own. */
export function hasMessages(locale: string): boolean {
  const language = locale.split('-')[0] ?? locale;
  return tables.has(locale) || tables.has(language) || language in builtIn;
}

/** Calls `listener` whenever a table is registered; returns the function that stops it. */
export function onMessagesRegistered(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
