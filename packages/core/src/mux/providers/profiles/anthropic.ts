import type { ProviderProfile } from '../provider.js';

/** Anthropic's Messages API, spoken natively by the `anthropic` dialect. The key travels bare in `x-api-key`. */
export const anthropic: ProviderProfile = {
  id: 'anthropic',
  label: 'Anthropic',
  dialect: 'anthropic',
  baseURL: 'https://api.anthropic.com/v1',
  requiresKey: true,
  auth: { header: 'x-api-key' },
};
