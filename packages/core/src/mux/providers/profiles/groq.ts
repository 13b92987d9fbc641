import type { ProviderProfile } from '../provider.js';

/** Groq (Llama and other open models on LPUs). */
export const groq: ProviderProfile = {
  id: 'groq',
  label: 'Groq',
  dialect: 'openai-chat',
  baseURL: 'https://api.groq.com/openai/v1',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  openaiChat: {
    // Groq puts usage in `x_groq.usage` on the last chunk (newer answers also in `usage`), unasked.
    streamUsageOption: false,
    usagePaths: ['usage', 'x_groq.usage'],
  },
};
