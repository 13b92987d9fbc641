import type { ProviderProfile } from '../provider.js';

/**
 * A local Ollama server through its native `/api/chat` NDJSON API. It needs no key; a key, when
 * given, travels as a bearer token for setups that put Ollama behind an authenticating proxy.
 */
export const ollama: ProviderProfile = {
  id: 'ollama',
  label: 'Ollama',
  dialect: 'ollama',
  baseURL: 'http://localhost:11434',
  requiresKey: false,
  auth: { header: 'Authorization', scheme: 'Bearer' },
};
