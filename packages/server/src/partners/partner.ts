import type { Theme } from '@tessera/themes/schema';

/** A company that embeds Tessera's widgets in its product. */
export interface Partner {
  id: string;
  name: string;
  /** The plan; gates features. */
  tier: string;
  /** `pk_live_...` or `pk_test_...`: safe to put in a page, so only valid from `allowedOrigins`. */
  publishableKey: string;
  /** Serialized origins (`https://app.example.com`, no path, no trailing slash). */
  allowedOrigins: string[];
  theme: Theme;
  createdAt: Date;
}
