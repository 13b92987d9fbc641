import { TesseraError } from '../errors/tessera-error.js';
import { type Call, type CallDependencies, type Emit, runCall } from './call.js';
import type { StreamPart } from './schema.js';

/** How hard to try one model before giving up on it. */
export interface RetryPolicy {
  /** Retries of the same model after a rate limit or an overload. */
  maxRetries: number;
  /** The longest wait accepted; a provider asking for more fails at once with its `retryAfterMs`. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, maxDelayMs: 10_000 };

const RETRY_SAME_MODEL = new Set(['rate_limit', 'provider_unavailable']);

/** Parts that mean the answer has begun: after one of them, nothing is retried or replaced. */
function isContent(part: StreamPart): boolean {
  return (
    part.type === 'text-delta' ||
    part.type === 'reasoning-delta' ||
    part.type === 'tool-input-start' ||
    part.type === 'tool-call'
  );
}

/** How long to wait before retrying, or undefined to give up on this model. */
function retryDelay(error: TesseraError, attempt: number, policy: RetryPolicy): number | undefined {
  if (!RETRY_SAME_MODEL.has(error.code) || attempt >= policy.maxRetries) return undefined;
  const delay = error.retryAfterMs ?? Math.min(policy.maxDelayMs, 500 * 2 ** attempt);
  return delay > policy.maxDelayMs ? undefined : delay;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (completed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Tries each candidate (the requested model, then its fallbacks) in turn. A model is retried on
 * rate limits and overloads, honouring `retry-after` up to the policy's bound, never on `auth` or
 * `quota`. Parts are held back until the first token, so a failed attempt leaves no trace; once
 * a token has streamed, an error ends the stream and what arrived is kept.
 */
export async function withRetryAndFallback(
  candidates: readonly Call[],
  deps: CallDependencies,
  policy: RetryPolicy,
  emit: Emit,
): Promise<void> {
  let last: TesseraError | undefined;
  for (const call of candidates) {
    for (let attempt = 0; ; attempt++) {
      const held: StreamPart[] = [];
      let streaming = false;
      let failure: TesseraError | undefined;
      await runCall(call, deps, (part) => {
        if (streaming) return emit(part);
        if (part.type === 'error') {
          failure = part.error;
          return;
        }
        held.push(part);
        if (isContent(part)) {
          streaming = true;
          for (const kept of held) emit(kept);
        }
      });
      if (streaming) return;
      if (!failure) {
        for (const kept of held) emit(kept);
        return;
      }
      last = failure;
      if (failure.code === 'aborted') return emit({ type: 'error', error: failure });
      const delay = retryDelay(failure, attempt, policy);
      if (delay === undefined) break;
      if (!(await sleep(delay, call.signal))) {
        return emit({
          type: 'error',
          error: new TesseraError('aborted', 'Stopped while waiting to retry.', { provider: call.profile.id }),
        });
      }
    }
  }
  emit({
    type: 'error',
    error: last ?? new TesseraError('validation', 'No provider to try. Choose a provider and a model.'),
  });
}
