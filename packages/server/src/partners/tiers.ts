import type { PartnerTier } from '@tessera/core';

/** A token bucket's size: `burst` requests at once, refilled at `perSecond`. */
export interface RateBudget {
  perSecond: number;
  burst: number;
}

/** What a tier gives a partner. */
export interface TierFeatures {
  /** Widgets the partner may enable (and gets by default: the first one only). */
  widgets: readonly string[];
  /** Requests per publishable key: shared by every visitor of the partner's sites. */
  publishableKeyRate: RateBudget;
  /** Requests per end user (per user token's `sub`). */
  userRate: RateBudget;
}

/**
 * The tiers. Widgets other than the chat do not exist yet; they are listed so that gating is in
 * place when they come. An unknown tier stored by hand counts as `free`.
 */
export const TIERS: Readonly<Record<PartnerTier, TierFeatures>> = {
  free: {
    widgets: ['chat'],
    publishableKeyRate: { perSecond: 50, burst: 200 },
    userRate: { perSecond: 5, burst: 60 },
  },
  pro: {
    widgets: ['chat', 'memory-graph', 'composer'],
    publishableKeyRate: { perSecond: 500, burst: 2000 },
    userRate: { perSecond: 20, burst: 200 },
  },
  enterprise: {
    widgets: ['chat', 'memory-graph', 'composer'],
    publishableKeyRate: { perSecond: 5000, burst: 20_000 },
    userRate: { perSecond: 50, burst: 500 },
  },
};

/** The features of a stored tier name. */
export function tierFeatures(tier: string): TierFeatures {
  return Object.hasOwn(TIERS, tier) ? TIERS[tier as PartnerTier] : TIERS.free;
}

/** The default widgets of a tier: the chat. */
export function defaultWidgets(tier: string): string[] {
  return tierFeatures(tier).widgets.slice(0, 1);
}
