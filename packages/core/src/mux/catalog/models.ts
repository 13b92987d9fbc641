import type { CatalogEntry } from './schema.js';

// List prices in USD per million tokens, from each provider's public price page as of the date
// given; partners override them with `createTessera({ prices })`. Local servers cost nothing.
const CHECKED = '2025-09-01';

type Caps = CatalogEntry['capabilities'];
const chat: Caps = { tools: true, vision: false, reasoning: false };
const vision: Caps = { tools: true, vision: true, reasoning: false };
const thinker: Caps = { tools: true, vision: true, reasoning: true };
const textThinker: Caps = { tools: true, vision: false, reasoning: true };

function m(
  provider: string,
  model: string,
  label: string,
  contextWindow: number,
  capabilities: Caps,
  prices?: CatalogEntry['prices'],
): CatalogEntry {
  return {
    provider,
    model,
    label,
    contextWindow,
    capabilities,
    ...(prices ? { prices, pricesCheckedAt: CHECKED } : {}),
  };
}

export const CATALOG: readonly CatalogEntry[] = [
  m('openai', 'gpt-5', 'GPT-5', 400_000, thinker, { input: 1.25, cachedInput: 0.125, output: 10 }),
  m('openai', 'gpt-5-mini', 'GPT-5 mini', 400_000, thinker, { input: 0.25, cachedInput: 0.025, output: 2 }),
  m('openai', 'gpt-5-nano', 'GPT-5 nano', 400_000, thinker, { input: 0.05, cachedInput: 0.005, output: 0.4 }),
  m('openai', 'gpt-4.1', 'GPT-4.1', 1_047_576, vision, { input: 2, cachedInput: 0.5, output: 8 }),
  m('openai', 'gpt-4.1-mini', 'GPT-4.1 mini', 1_047_576, vision, { input: 0.4, cachedInput: 0.1, output: 1.6 }),
  m('openai', 'gpt-4o', 'GPT-4o', 128_000, vision, { input: 2.5, cachedInput: 1.25, output: 10 }),
  m('openai', 'gpt-4o-mini', 'GPT-4o mini', 128_000, vision, { input: 0.15, cachedInput: 0.075, output: 0.6 }),
  m('openai', 'o3', 'o3', 200_000, thinker, { input: 2, cachedInput: 0.5, output: 8 }),
  m('openai', 'o4-mini', 'o4-mini', 200_000, thinker, { input: 1.1, cachedInput: 0.275, output: 4.4 }),
  m('anthropic', 'claude-opus-4-1', 'Claude Opus 4.1', 200_000, thinker, { input: 15, cachedInput: 1.5, output: 75 }),
  m('anthropic', 'claude-sonnet-4-5', 'Claude Sonnet 4.5', 200_000, thinker, {
    input: 3,
    cachedInput: 0.3,
    output: 15,
  }),
  m('anthropic', 'claude-haiku-4-5', 'Claude Haiku 4.5', 200_000, thinker, { input: 1, cachedInput: 0.1, output: 5 }),
  m('google', 'gemini-2.5-pro', 'Gemini 2.5 Pro', 1_048_576, thinker, { input: 1.25, cachedInput: 0.31, output: 10 }),
  m('google', 'gemini-2.5-flash', 'Gemini 2.5 Flash', 1_048_576, thinker, {
    input: 0.3,
    cachedInput: 0.075,
    output: 2.5,
  }),
  m('google', 'gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', 1_048_576, thinker, {
    input: 0.1,
    cachedInput: 0.025,
    output: 0.4,
  }),
  m('mistral', 'mistral-large-latest', 'Mistral Large', 128_000, chat, { input: 2, output: 6 }),
  m('mistral', 'mistral-medium-latest', 'Mistral Medium', 128_000, vision, { input: 0.4, output: 2 }),
  m('mistral', 'mistral-small-latest', 'Mistral Small', 128_000, vision, { input: 0.1, output: 0.3 }),
  m('mistral', 'codestral-latest', 'Codestral', 256_000, chat, { input: 0.3, output: 0.9 }),
  m('xai', 'grok-4', 'Grok 4', 256_000, thinker, { input: 3, cachedInput: 0.75, output: 15 }),
  m('xai', 'grok-3-mini', 'Grok 3 mini', 131_072, textThinker, { input: 0.3, cachedInput: 0.075, output: 0.5 }),
  m('deepseek', 'deepseek-chat', 'DeepSeek V3', 128_000, chat, { input: 0.27, cachedInput: 0.07, output: 1.1 }),
  m('deepseek', 'deepseek-reasoner', 'DeepSeek R1', 128_000, textThinker, {
    input: 0.55,
    cachedInput: 0.14,
    output: 2.19,
  }),
  m('perplexity', 'sonar', 'Sonar', 127_072, chat, { input: 1, output: 1 }),
  m('perplexity', 'sonar-pro', 'Sonar Pro', 200_000, chat, { input: 3, output: 15 }),
  m('perplexity', 'sonar-reasoning', 'Sonar Reasoning', 127_072, textThinker, { input: 1, output: 5 }),
  m('groq', 'llama-3.3-70b-versatile', 'Llama 3.3 70B (Groq)', 131_072, chat, { input: 0.59, output: 0.79 }),
  m('groq', 'llama-3.1-8b-instant', 'Llama 3.1 8B (Groq)', 131_072, chat, { input: 0.05, output: 0.08 }),
  m('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'Llama 3.3 70B (Together)', 131_072, chat, {
    input: 0.88,
    output: 0.88,
  }),
  m('ollama', 'llama3.2', 'Llama 3.2 (local)', 131_072, chat, { input: 0, output: 0 }),
  m('ollama', 'qwen3', 'Qwen 3 (local)', 40_960, textThinker, { input: 0, output: 0 }),
];
