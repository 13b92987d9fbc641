import { type PartnerConfig, partnerConfigSchema } from '@tessera/core';
import { Hono } from 'hono';
import type { AppEnv } from './context.js';

/** Providers the widgets may offer; the partner's tier will narrow this once tiers gate features. */
export const DEFAULT_PROVIDERS: readonly string[] = ['openai', 'openai-compatible'];

/** Widgets a partner may render; only the chat exists so far. */
const WIDGETS = ['chat'];

/** `GET /v1/config`: the partner's name, theme, widgets and providers, for its widgets to render. */
export function configRoutes(providers: readonly string[] = DEFAULT_PROVIDERS): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/config', (c) => {
    const partner = c.get('partner');
    // Parsed before sending so the server cannot answer with a body its own clients would reject.
    const body: PartnerConfig = partnerConfigSchema.parse({
      partner: { id: partner.id, name: partner.name },
      theme: partner.theme,
      widgets: WIDGETS,
      providers: [...providers],
    });
    // A partner's theme edit should show on the next page load.
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });
}
