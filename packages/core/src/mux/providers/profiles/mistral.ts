import type { ProviderProfile } from '../provider.js';

/**
 * Mistral La Plateforme. Usage arrives unasked on the chunk that carries `finish_reason`, and tool
 * calls arrive whole in one delta without an `index` (the adapter keys them by id).
 */
export const mistral: ProviderProfile = {
  id: 'mistral',
  label: 'Mistral',
  dialect: 'openai-chat',
  baseURL: 'https://api.mistral.ai/v1',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  // Mistral rejects fields it does not know with a 422 (`extra_forbidden`), `stream_options` included.
  openaiChat: { streamUsageOption: false },
};
