import type { ProviderProfile } from '@tessera/core';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { ApiError } from '../http/errors.js';

/**
 * The partner's relay policy, checked before anything is read or sent: the relay can be turned off,
 * and limited to some providers (the policy's list, else the partner's provider list, else any
 * provider the relay serves).
 */
export function enforceRelayPolicy(c: Context<AppEnv>, profile: ProviderProfile): void {
  const partner = c.get('partner');
  const policy = partner.relayPolicy ?? { enabled: true };
  if (!policy.enabled) {
    throw new ApiError(
      403,
      'relay_disabled',
      'This partner has turned the provider relay off: call the provider directly, or ask the partner to enable the relay.',
    );
  }
  const allowed = policy.providers ?? partner.providers;
  if (allowed && !allowed.includes(profile.id)) {
    throw new ApiError(
      403,
      'provider_not_allowed',
      `${profile.label} is not among the providers this partner allows through the relay.`,
    );
  }
}
