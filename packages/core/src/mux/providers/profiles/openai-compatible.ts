import type { ProviderProfile } from '../provider.js';

/** Any server that speaks Chat Completions: Ollama's /v1, LM Studio, llama.cpp, vLLM, proxies. */
export const openaiCompatible: ProviderProfile = {
  id: 'openai-compatible',
  label: 'OpenAI-compatible server',
  dialect: 'openai-chat',
  requiresKey: false,
  auth: { header: 'Authorization', scheme: 'Bearer' },
};
