import type { Partner } from '../partners/partner.js';
import { type RateBudget, tierFeatures } from '../partners/tiers.js';
import { ApiError } from './errors.js';

interface Bucket {
  tokens: number;
  updated: number;
  /** When the bucket is full again, so it can be forgotten. */
  fullAt: number;
}

/**
 * Token buckets in this process's memory: `burst` requests at once, refilled at `perSecond`. They
 * are per instance: behind a load balancer with N instances a client gets up to N times the budget
 * (fine for abuse control; a hard quota would need a shared store such as PostgreSQL or Redis).
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Takes one token; when there is none, says in how many seconds there will be one. */
  take(key: string, budget: RateBudget): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(budget.burst, bucket.tokens + ((now - bucket.updated) / 1000) * budget.perSecond);
      bucket.updated = now;
    } else {
      if (this.#buckets.size >= this.#maxEntries) this.#sweep(now);
      bucket = { tokens: budget.burst, updated: now, fullAt: now };
      this.#buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.fullAt = now + ((budget.burst - bucket.tokens) / budget.perSecond) * 1000;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / budget.perSecond)) };
  }

  /** How many keys are tracked (for tests). */
  get size(): number {
    return this.#buckets.size;
  }

  // Buckets that have refilled are equivalent to absent ones; dropping them bounds memory. If every
  // bucket is in use, the oldest are dropped (which only ever gives a client more, never less).
  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) if (bucket.fullAt <= now) this.#buckets.delete(key);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size < this.#maxEntries) break;
      this.#buckets.delete(key);
    }
  }
}

/** How the app limits requests: by each partner's tier (default), fixed budgets, or not at all. */
export type RateLimitOptions =
  | 'tier'
  | false
  | { publishableKey: RateBudget; user: RateBudget; maxEntries?: number; now?: () => number };

/** The limiter the middlewares call. */
export interface RateLimiter {
  /** Counts a request with the partner's publishable key (or secret key); throws 429 over budget. */
  partner(partner: Partner, scope: 'publishable_key' | 'secret_key'): void;
  /** Counts a request of one user; throws 429 over budget. */
  user(partner: Partner, userId: string): void;
}

/** A {@link RateLimiter} from the app's options; `now` (ms) is for tests. */
export function createRateLimiter(options: RateLimitOptions = 'tier', now?: () => number): RateLimiter {
  if (options === false) return { partner() {}, user() {} };
  const buckets = new TokenBuckets(options === 'tier' ? (now ? { now } : {}) : { ...(now ? { now } : {}), ...options });
  const budget = (partner: Partner, kind: 'publishableKeyRate' | 'userRate'): RateBudget => {
    if (options !== 'tier') return kind === 'userRate' ? options.user : options.publishableKey;
    return tierFeatures(partner.tier)[kind];
  };
  const limit = (key: string, rate: RateBudget, scope: string, what: string) => {
    const taken = buckets.take(key, rate);
    if (!taken.ok) {
      throw new ApiError(
        429,
        'rate_limited',
        `Too many requests for ${what}: retry in ${taken.retryAfterSeconds} s.`,
        { scope, retryAfterSeconds: taken.retryAfterSeconds },
        { 'Retry-After': String(taken.retryAfterSeconds) },
      );
    }
  };
  return {
    partner(partner, scope) {
      limit(
        `${scope}\u0000${partner.id}`,
        budget(partner, 'publishableKeyRate'),
        scope,
        scope === 'secret_key' ? 'this secret key' : 'this publishable key',
      );
    },
    user(partner, userId) {
      limit(`user\u0000${partner.id}\u0000${userId}`, budget(partner, 'userRate'), 'user', 'this user');
    },
  };
}
