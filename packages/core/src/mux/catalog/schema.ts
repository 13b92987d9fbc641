import * as z from 'zod/mini';

/** USD per million tokens. `reasoning` defaults to `output` where a provider bills them alike. */
export const modelPricesSchema = z.object({
  input: z.number().check(z.gte(0)),
  cachedInput: z.optional(z.number().check(z.gte(0))),
  output: z.number().check(z.gte(0)),
  reasoning: z.optional(z.number().check(z.gte(0))),
});
export type ModelPrices = z.infer<typeof modelPricesSchema>;

export const catalogEntrySchema = z.object({
  provider: z.string(),
  model: z.string(),
  label: z.string(),
  contextWindow: z.int().check(z.positive()),
  capabilities: z.object({ tools: z.boolean(), vision: z.boolean(), reasoning: z.boolean() }),
  prices: z.optional(modelPricesSchema),
  /** When the prices were last checked against the provider's public price list (YYYY-MM-DD). */
  pricesCheckedAt: z.optional(z.string()),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** Partner price overrides, keyed `provider/model`. */
export const priceOverridesSchema = z.record(z.string(), modelPricesSchema);
export type PriceOverrides = z.infer<typeof priceOverridesSchema>;
