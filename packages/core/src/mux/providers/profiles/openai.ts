import type { ProviderProfile } from '../provider.js';

export const openai: ProviderProfile = {
  id: 'openai',
  label: 'OpenAI',
  dialect: 'openai-chat',
  baseURL: 'https://api.openai.com/v1',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
};
