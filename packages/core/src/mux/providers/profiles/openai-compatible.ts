import type { ProviderProfile } from '../provider.js';

/**
 * Any server that speaks Chat Completions: Ollama's /v1, LM Studio, llama.cpp, vLLM, proxies. The
 * user gives the base URL; local servers need no key. Reasoning may come as `reasoning_content`
 * (vLLM, llama.cpp) or `reasoning` (Ollama), so both are read, as by default.
 */
export const openaiCompatible: ProviderProfile = {
  id: 'openai-compatible',
  label: 'OpenAI-compatible server',
  dialect: 'openai-chat',
  requiresKey: false,
  auth: { header: 'Authorization', scheme: 'Bearer' },
};
