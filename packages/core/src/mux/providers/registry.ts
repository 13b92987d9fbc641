import { TesseraError } from '../../errors/tessera-error.js';
import { anthropicMessages } from './dialects/anthropic.js';
import { gemini } from './dialects/gemini.js';
import { ollamaDialect } from './dialects/ollama.js';
import { openaiChat } from './dialects/openai-chat.js';
import { openaiResponses } from './dialects/openai-responses.js';
import { anthropic } from './profiles/anthropic.js';
import { deepseek } from './profiles/deepseek.js';
import { google } from './profiles/google.js';
import { groq } from './profiles/groq.js';
import { mistral } from './profiles/mistral.js';
import { ollama } from './profiles/ollama.js';
import { openai } from './profiles/openai.js';
import { openaiCompatible } from './profiles/openai-compatible.js';
import { openrouter } from './profiles/openrouter.js';
import { perplexity } from './profiles/perplexity.js';
import { together } from './profiles/together.js';
import { xai } from './profiles/xai.js';
import type { DialectAdapter, ProviderProfile } from './provider.js';

/** The providers and dialects one instance knows; a partner may register its own. */
export class ProviderRegistry {
  readonly #profiles = new Map<string, ProviderProfile>();
  readonly #dialects = new Map<string, DialectAdapter>();
  /** Alternative wire APIs of one provider, chosen with `providerOptions[provider].api`. */
  readonly #variants = new Map<string, Map<string, string>>();

  /** Every provider Tessera ships: most as profiles over the OpenAI Chat Completions dialect. */
  constructor() {
    for (const dialect of [openaiChat, openaiResponses, anthropicMessages, gemini, ollamaDialect]) {
      this.registerDialect(dialect);
    }
    for (const profile of [
      openai,
      anthropic,
      google,
      mistral,
      xai,
      deepseek,
      perplexity,
      groq,
      together,
      openrouter,
      ollama,
      openaiCompatible,
    ]) {
      this.registerProfile(profile);
    }
    this.registerVariant('openai', 'chat', 'openai-chat');
    this.registerVariant('openai', 'responses', 'openai-responses');
  }

  registerProfile(profile: ProviderProfile): void {
    this.#profiles.set(profile.id, profile);
  }

  registerDialect(dialect: DialectAdapter): void {
    this.#dialects.set(dialect.id, dialect);
  }

  /** `providerOptions: { openai: { api: 'responses' } }` makes OpenAI calls use the `openai-responses` dialect. */
  registerVariant(providerId: string, api: string, dialectId: string): void {
    const variants = this.#variants.get(providerId) ?? new Map<string, string>();
    variants.set(api, dialectId);
    this.#variants.set(providerId, variants);
  }

  profiles(): ProviderProfile[] {
    return [...this.#profiles.values()];
  }

  resolve(
    providerId: string,
    providerOptions?: Record<string, Record<string, unknown>>,
  ): { profile: ProviderProfile; dialect: DialectAdapter } {
    const profile = this.#profiles.get(providerId);
    if (!profile) {
      throw new TesseraError(
        'validation',
        `Unknown provider "${providerId}". Choose one of: ${[...this.#profiles.keys()].join(', ')}.`,
      );
    }
    const api = providerOptions?.[providerId]?.api;
    const variants = this.#variants.get(providerId);
    const dialectId = typeof api === 'string' ? variants?.get(api) : profile.dialect;
    if (!dialectId) {
      const known = [...(variants?.keys() ?? [])].join(', ') || 'none';
      throw new TesseraError('validation', `${profile.label} has no "${String(api)}" API. Known: ${known}.`);
    }
    const dialect = this.#dialects.get(dialectId);
    if (!dialect) {
      throw new TesseraError('validation', `Provider "${providerId}" speaks "${dialectId}", which is not registered.`);
    }
    return { profile, dialect };
  }
}
