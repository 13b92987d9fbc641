import type { Acu, AcuVisibility } from '@tessera/core';

/** What the library's table shows of one conversation, read from its ACUs (the sealed record). */
export interface ConversationSummary {
  /** ACUs: one per message, every branch, hidden ones (imported system prompts) included. */
  messages: number;
  /** The import format the conversation came from (`chatgpt`, …); undefined when it was written in Tessera. */
  importedFrom: string | undefined;
  /** Models that answered, in order of first use. */
  models: string[];
  /** Providers that answered, in order of first use. */
  providers: string[];
  /** How many ACUs have each visibility. */
  visibility: Record<AcuVisibility, number>;
}

export interface ConversationDigest {
  summary: ConversationSummary;
  /**
   * Every message's text, lower-cased and joined, for search. Kept per conversation instead of per
   * message so a search is one `includes` per conversation, not one per message.
   */
  text: string;
}

/** The summary and search text of a conversation, from its ACUs in any order. */
export function digest(acus: readonly Acu[]): ConversationDigest {
  const models = new Set<string>();
  const providers = new Set<string>();
  const visibility: Record<AcuVisibility, number> = { private: 0, shared: 0, public: 0 };
  let importedFrom: string | undefined;
  const texts: string[] = [];
  for (const acu of acus) {
    if (acu.content.model) models.add(acu.content.model);
    if (acu.content.provider) providers.add(acu.content.provider);
    visibility[acu.permissions.visibility]++;
    importedFrom ??= acu.metadata.importedFrom?.format;
    texts.push(acu.content.text);
  }
  return {
    summary: { messages: acus.length, importedFrom, models: [...models], providers: [...providers], visibility },
    text: texts.join('\n').toLocaleLowerCase(),
  };
}
