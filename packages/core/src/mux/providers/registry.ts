import { TesseraError } from '../../errors/tessera-error.js';
import { openaiChat } from './dialects/openai-chat.js';
import { openai } from './profiles/openai.js';
import { openaiCompatible } from './profiles/openai-compatible.js';
import type { DialectAdapter, ProviderProfile } from './provider.js';

/** The providers and dialects one instance knows; a partner may register its own. */
export class ProviderRegistry {
  readonly #profiles = new Map<string, ProviderProfile>();
  readonly #dialects = new Map<string, DialectAdapter>();

  constructor() {
    this.registerDialect(openaiChat);
    this.registerProfile(openai);
    this.registerProfile(openaiCompatible);
  }

  registerProfile(profile: ProviderProfile): void {
    this.#profiles.set(profile.id, profile);
  }

  registerDialect(dialect: DialectAdapter): void {
    this.#dialects.set(dialect.id, dialect);
  }

  profiles(): ProviderProfile[] {
    return [...this.#profiles.values()];
  }

  resolve(providerId: string): { profile: ProviderProfile; dialect: DialectAdapter } {
    const profile = this.#profiles.get(providerId);
    if (!profile) {
      throw new TesseraError(
        'validation',
        `Unknown provider "${providerId}". Choose one of: ${[...this.#profiles.keys()].join(', ')}.`,
      );
    }
    const dialect = this.#dialects.get(profile.dialect);
    if (!dialect) {
      throw new TesseraError(
        'validation',
        `Provider "${providerId}" speaks "${profile.dialect}", which is not registered.`,
      );
    }
    return { profile, dialect };
  }
}
