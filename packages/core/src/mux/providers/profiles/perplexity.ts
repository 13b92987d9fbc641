import type { ProviderProfile } from '../provider.js';

/**
 * Perplexity Sonar. Every chunk repeats the usage so far (the adapter keeps the last) and the
 * sources the answer cites, which are reported in `finish.providerMetadata.perplexity`.
 */
export const perplexity: ProviderProfile = {
  id: 'perplexity',
  label: 'Perplexity',
  dialect: 'openai-chat',
  baseURL: 'https://api.perplexity.ai',
  requiresKey: true,
  auth: { header: 'Authorization', scheme: 'Bearer' },
  // The API sends no CORS headers: a browser must go through the hosted relay.
  requiresRelayInBrowser: true,
  openaiChat: {
    // Usage comes on every chunk unasked; an unknown request field is not worth the risk.
    streamUsageOption: false,
    metadataFields: ['citations', 'search_results', 'images', 'related_questions'],
    // There is no model list; listing the key's async jobs is a free authenticated GET.
    keyCheckPath: '/async/chat/completions',
  },
};
