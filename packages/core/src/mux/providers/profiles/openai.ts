import type { ProviderProfile } from '../provider.js';

/** OpenAI's Chat Completions API. */
export const openai: ProviderProfile = {
  id: 'openai',
  label: 'OpenAI',
  dialect: 'openai-chat',
  baseURL: 'https://api.openai.com/v1',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  // Reasoning models (o-series, gpt-5) answer 400 `unsupported_parameter` to `max_tokens`; every model takes this one.
  openaiChat: { maxTokensField: 'max_completion_tokens' },
};
