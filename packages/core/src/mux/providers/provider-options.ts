import type { ParsedMuxRequest } from '../schema.js';

/**
 * The request's options for one provider, for its request body. `api` is the router's own
 * selector of a wire API (`providerOptions.openai.api = 'responses'`), not the provider's.
 */
export function providerOptionsFor(request: ParsedMuxRequest, providerId: string): Record<string, unknown> {
  const { api: _selector, ...options } = request.providerOptions?.[providerId] ?? {};
  return options;
}
