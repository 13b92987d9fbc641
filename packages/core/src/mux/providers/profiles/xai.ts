import type { ProviderProfile } from '../provider.js';

/** xAI Grok. Reasoning text comes as `reasoning_content`; usage in a final `choices: []` chunk. */
export const xai: ProviderProfile = {
  id: 'xai',
  label: 'xAI',
  dialect: 'openai-chat',
  baseURL: 'https://api.x.ai/v1',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  openaiChat: {
    // Grok reports `completion_tokens_details.reasoning_tokens` apart from `completion_tokens`:
    // total_tokens = prompt + completion + reasoning.
    reasoningTokensOutsideCompletion: true,
    reasoningFields: ['reasoning_content'],
  },
};
