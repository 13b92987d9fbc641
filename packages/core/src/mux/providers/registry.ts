import { loadOnDemand } from '../../errors/load-on-demand.js';
import { TesseraError } from '../../errors/tessera-error.js';
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
  readonly #dialects = new Map<string, DialectAdapter | (() => Promise<DialectAdapter>)>();
  /** Alternative wire APIs of one provider, chosen with `providerOptions[provider].api`. */
  readonly #variants = new Map<string, Map<string, string>>();

  /**
   * Every provider Tessera ships: most as profiles over the OpenAI Chat Completions dialect. The
   * dialects load when first used, so a page whose calls run in the vault frame never loads them.
   */
  constructor() {
    this.registerDialectLoader('openai-chat', async () => (await import('./dialects/openai-chat.js')).openaiChat);
    this.registerDialectLoader(
      'openai-responses',
      async () => (await import('./dialects/openai-responses.js')).openaiResponses,
    );
    this.registerDialectLoader('anthropic', async () => (await import('./dialects/anthropic.js')).anthropicMessages);
    this.registerDialectLoader('gemini', async () => (await import('./dialects/gemini.js')).gemini);
    this.registerDialectLoader('ollama', async () => (await import('./dialects/ollama.js')).ollamaDialect);
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

  /** Registers a dialect that is imported the first time a call needs it. */
  registerDialectLoader(id: string, load: () => Promise<DialectAdapter>): void {
    this.#dialects.set(id, load);
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

  /**
   * The profile and dialect of a provider. Throws a `validation` TesseraError, before any call, for
   * an unknown provider or API variant. The dialect itself is loaded by `dialect()`.
   */
  resolve(
    providerId: string,
    providerOptions?: Record<string, Record<string, unknown>>,
  ): { profile: ProviderProfile; dialect: () => Promise<DialectAdapter> } {
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
    if (!this.#dialects.has(dialectId)) {
      throw new TesseraError('validation', `Provider "${providerId}" speaks "${dialectId}", which is not registered.`);
    }
    return { profile, dialect: () => this.#dialect(dialectId) };
  }

  async #dialect(id: string): Promise<DialectAdapter> {
    const entry = this.#dialects.get(id);
    if (typeof entry !== 'function') return entry as DialectAdapter;
    const loaded = await loadOnDemand(`the ${id} provider format`, entry);
    // Kept once loaded, unless a partner registered another meanwhile.
    if (this.#dialects.get(id) === entry) this.#dialects.set(id, loaded);
    return loaded;
  }
}
