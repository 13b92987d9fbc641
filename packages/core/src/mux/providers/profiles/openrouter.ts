import type { ProviderProfile } from '../provider.js';

/**
 * OpenRouter. Keeps connections alive with `: OPENROUTER PROCESSING` comment lines, streams
 * reasoning as `reasoning`, and reports failures after the first byte inside the 200 stream (an
 * `error` object, with `finish_reason: "error"`), which the adapter throws. It allows browser
 * calls, so no relay is needed.
 */
export const openrouter: ProviderProfile = {
  id: 'openrouter',
  label: 'OpenRouter',
  dialect: 'openai-chat',
  baseURL: 'https://openrouter.ai/api/v1',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  openaiChat: {
    reasoningFields: ['reasoning'],
    // `/models` is public and would accept any key; `/key` describes the key and needs a valid one.
    keyCheckPath: '/key',
  },
};
