import type { ProviderProfile } from '../provider.js';

/**
 * DeepSeek. The reasoner streams its thinking as `reasoning_content`; reasoning tokens are counted
 * inside `completion_tokens`, as OpenAI does.
 */
export const deepseek: ProviderProfile = {
  id: 'deepseek',
  label: 'DeepSeek',
  dialect: 'openai-chat',
  baseURL: 'https://api.deepseek.com/v1',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  openaiChat: {
    // Cache hits are `prompt_cache_hit_tokens` (with `prompt_cache_miss_tokens` the rest of the prompt);
    // `prompt_tokens_details` is a later addition that older answers lack.
    cachedTokensField: 'prompt_cache_hit_tokens',
    reasoningFields: ['reasoning_content'],
  },
};
