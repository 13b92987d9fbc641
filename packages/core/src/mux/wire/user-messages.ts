import type { ErrorCode } from '../../errors/tessera-error.js';

/**
 * The sentence a person sees for each error code: what happened and what to do. `detail` is the
 * provider's own explanation, already stripped of secrets.
 */
export function userMessage(code: ErrorCode, provider: string, detail?: string): string {
  const said = detail ? ` ${provider} said: "${detail}"` : '';
  switch (code) {
    case 'auth':
      return `${provider} refused the API key. Check the key (or add a new one in the key manager), then try again.${said}`;
    case 'quota':
      return `${provider} says this key has no quota left. Check the billing or plan of your account, then try again.${said}`;
    case 'rate_limit':
      return `${provider} is limiting requests right now. Wait a moment, then try again.${said}`;
    case 'context_length':
      return `The conversation is too long for this model. Start a new conversation or choose a model with a larger context window.${said}`;
    case 'provider_unavailable':
      return `${provider} is unavailable or overloaded. Try again in a moment, or choose another model.${said}`;
    case 'timeout':
      return `${provider} stopped answering. Try again; if it keeps happening, check your connection or the server.`;
    case 'bad_request':
      return `${provider} could not handle this request. Check the model name and settings.${said}`;
    case 'invalid_response':
      return `${provider} sent an answer Tessera could not read. Try again, or check that the base URL points at ${provider}'s API.`;
    default:
      return `${provider} failed.${said}`;
  }
}

// Shapes of provider keys: OpenAI/Anthropic/DeepSeek `sk-`, Groq `gsk_`, xAI `xai-`, Google `AIza…`.
const KEY_LIKE = /\b(?:(?:sk|pk|rk|gsk|xai|key)[-_][A-Za-z0-9_\-*]{8,}|AIza[0-9A-Za-z_-]{20,})/gi;

/** Removes the user's key, and anything shaped like a key, from text a provider sent back. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_LIKE, '[redacted]').slice(0, 300);
}
