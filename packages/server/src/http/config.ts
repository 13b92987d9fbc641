import type { OpenAPIHono } from '@hono/zod-openapi';
import { type PartnerConfigResponse, partnerConfigResponseSchema, type RelayPolicy } from '@tessera/core';
import type { Partner } from '../partners/partner.js';
import { defaultWidgets, tierFeatures } from '../partners/tiers.js';
import type { AppEnv } from './context.js';
import { documentedRouter, json, PUBLISHABLE_KEY_ERRORS, PUBLISHABLE_KEY_SECURITY, route } from './openapi.js';

/** Providers the widgets may offer when a partner has not chosen its own list. */
export const DEFAULT_PROVIDERS: readonly string[] = ['openai', 'openai-compatible'];

/** The partner's effective settings: what it chose, or the defaults, within its tier. */
export function effectiveConfig(partner: Partner, defaultProviders: readonly string[]) {
  const allowedWidgets = tierFeatures(partner.tier).widgets;
  const widgets = (partner.widgets ?? defaultWidgets(partner.tier)).filter((widget) => allowedWidgets.includes(widget));
  const providers = partner.providers ?? [...defaultProviders];
  const relay: RelayPolicy = partner.relayPolicy ?? { enabled: true };
  return { widgets, providers, relay };
}

/** `GET /v1/config`: the partner's name, theme, widgets, providers and relay policy, for its widgets. */
export function configRoutes(providers: readonly string[] = DEFAULT_PROVIDERS): OpenAPIHono<AppEnv> {
  const app = documentedRouter<AppEnv>();
  route(
    app,
    {
      method: 'get',
      path: '/config',
      summary: "The partner's config, read by its widgets",
      tags: ['widgets'],
      security: PUBLISHABLE_KEY_SECURITY,
      responses: { 200: json("The partner's config.", 'PartnerConfig'), ...PUBLISHABLE_KEY_ERRORS },
    },
    (c) => {
      const partner = c.get('partner');
      // Parsed before sending so the server cannot answer with a body its own clients would reject.
      const body: PartnerConfigResponse = partnerConfigResponseSchema.parse({
        partner: { id: partner.id, name: partner.name },
        theme: partner.theme,
        ...effectiveConfig(partner, providers),
      });
      // A partner's theme edit should show on the next page load.
      c.header('Cache-Control', 'no-store');
      return c.json(body);
    },
  );
  return app;
}
