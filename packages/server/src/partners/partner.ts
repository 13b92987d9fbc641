import type { RelayPolicy } from '@tessera/core';
import type { Theme } from '@tessera/themes/schema';

/** A company that embeds Tessera's widgets in its product. */
export interface Partner {
  id: string;
  name: string;
  /** The plan (`free`, `pro`, `enterprise`); gates features. */
  tier: string;
  /** `pk_live_...` or `pk_test_...`: safe to put in a page, so only valid from `allowedOrigins`. */
  publishableKey: string;
  /** Serialized origins (`https://app.example.com`, no path, no trailing slash). */
  allowedOrigins: string[];
  theme: Theme;
  /** Widgets the partner enabled; null for its tier's default. */
  widgets: string[] | null;
  /** Providers the partner allows; null for the server's default list. */
  providers: string[] | null;
  /** Which providers the relay may call for its users; null for the default (enabled, every allowed provider). */
  relayPolicy: RelayPolicy | null;
  createdAt: Date;
  updatedAt: Date;
}
