import { parseSecretKey, USER_TOKEN_MAX_LIFETIME_SECONDS } from '@tessera/core';
import { mintUserToken } from '../auth/user-token.js';
import type { CliIo } from './io.js';
import { parseCommandArgs, UsageError } from './usage.js';

export const TOKEN_HELP = `Usage: tessera token <command> [options]

Commands:
  mint  Mint a user token (HS256) with a partner's secret key, offline

Run \`tessera token mint --help\` for its options.
`;

export const TOKEN_MINT_HELP = `Usage: tessera token mint --secret-key <sk> --user <user id> [options]

Prints a user token (a JWT: iss = the partner id read from the secret key, sub = the
user, aud = tessera, iat, exp), signed with HS256. Works offline: no server or database.
For development; partners' backends mint their own with any JWT library.

Options:
  --secret-key <sk>     The partner's secret key (env TESSERA_SECRET_KEY, which keeps it
                        out of the process list and shell history)
  --user <user id>      The user's id in the partner's system (the token's sub)
  --ttl <seconds>       Lifetime (default 900; at most ${USER_TOKEN_MAX_LIFETIME_SECONDS})
  -h, --help            Show this help
`;

/** `tessera token mint`. */
export async function tokenCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io[sub === undefined ? 'stderr' : 'stdout'](TOKEN_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'mint') {
    io.stderr(`Unknown command "token ${sub}".\n\n${TOKEN_HELP}`);
    return 2;
  }
  const { values } = parseCommandArgs('token mint', rest, {
    'secret-key': { type: 'string' },
    user: { type: 'string' },
    ttl: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(TOKEN_MINT_HELP);
    return 0;
  }
  const secretKey = values['secret-key'] ?? io.env.TESSERA_SECRET_KEY;
  if (!secretKey) throw new UsageError('tessera token mint: give --secret-key (or set TESSERA_SECRET_KEY).');
  // Never echo the value: it is a secret.
  if (!parseSecretKey(secretKey)) {
    throw new UsageError('tessera token mint: that is not a secret key; it looks like sk_test_<partner id>_<random>.');
  }
  if (!values.user) throw new UsageError('tessera token mint: --user is required.');
  const ttl = values.ttl === undefined ? 900 : Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > USER_TOKEN_MAX_LIFETIME_SECONDS) {
    throw new UsageError(
      `tessera token mint: --ttl is a whole number of seconds from 1 to ${USER_TOKEN_MAX_LIFETIME_SECONDS}, not "${values.ttl}".`,
    );
  }
  try {
    io.stdout(`${await mintUserToken({ secretKey, userId: values.user, ttlSeconds: ttl })}\n`);
  } catch (error) {
    throw new UsageError(`tessera token mint: ${(error as Error).message}`);
  }
  return 0;
}
