import type { ProviderProfile } from '../provider.js';

/** Google's Gemini API (AI Studio keys), spoken natively: the key travels in `x-goog-api-key`, never in the URL. */
export const google: ProviderProfile = {
  id: 'google',
  label: 'Google Gemini',
  dialect: 'gemini',
  baseURL: 'https://generativelanguage.googleapis.com/v1beta',
  requiresKey: true,
  auth: { header: 'x-goog-api-key' },
};
