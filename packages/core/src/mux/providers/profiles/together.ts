import type { ProviderProfile } from '../provider.js';

/** Together AI (Llama and other open models). Usage comes unasked on the last chunk. */
export const together: ProviderProfile = {
  id: 'together',
  label: 'Together AI',
  dialect: 'openai-chat',
  baseURL: 'https://api.together.xyz/v1',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  openaiChat: { streamUsageOption: false },
};
