import { CATALOG } from './models.js';
import type { CatalogEntry, ModelPrices, PriceOverrides } from './schema.js';

const key = (provider: string, model: string) => `${provider}/${model}`;
const SNAPSHOT_SUFFIX = /^(.+?)-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)$/;

/** The model catalog of one instance: the shipped data with the partner's price overrides applied. */
export class ModelCatalog {
  readonly #entries: Map<string, CatalogEntry>;
  readonly #overrides: PriceOverrides;

  constructor(overrides: PriceOverrides = {}, entries: readonly CatalogEntry[] = CATALOG) {
    this.#entries = new Map(entries.map((e) => [key(e.provider, e.model), e]));
    this.#overrides = overrides;
  }

  entries(): CatalogEntry[] {
    return [...this.#entries.values()].map((e) => {
      const prices = this.prices(e.provider, e.model);
      return prices ? { ...e, prices } : e;
    });
  }

  get(provider: string, model: string): CatalogEntry | undefined {
    return this.#entries.get(key(provider, model));
  }

  /**
   * Prices for a model. A snapshot named with a date or `-latest` (`gpt-4o-2024-08-06`,
   * `claude-sonnet-4-5-20250929`) is priced as its model; anything else unknown has no price.
   */
  prices(provider: string, model: string): ModelPrices | undefined {
    const exact = this.#overrides[key(provider, model)] ?? this.#entries.get(key(provider, model))?.prices;
    if (exact) return exact;
    const base = SNAPSHOT_SUFFIX.exec(model)?.[1];
    return base ? (this.#overrides[key(provider, base)] ?? this.#entries.get(key(provider, base))?.prices) : undefined;
  }
}
