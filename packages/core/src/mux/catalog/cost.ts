import type { Usage } from '../schema.js';
import type { ModelPrices } from './schema.js';

/**
 * Cost in USD of one answer: uncached input, cached input, output other than reasoning, and
 * reasoning, each at its own price per million tokens.
 */
export function costOf(usage: Usage, prices: ModelPrices): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const reasoning = Math.min(usage.reasoningTokens, usage.outputTokens);
  const perToken =
    (usage.inputTokens - cached) * prices.input +
    cached * (prices.cachedInput ?? prices.input) +
    (usage.outputTokens - reasoning) * prices.output +
    reasoning * (prices.reasoning ?? prices.output);
  return perToken / 1_000_000;
}
