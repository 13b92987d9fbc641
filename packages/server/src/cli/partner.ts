import { partnerTierSchema } from '@tessera/core';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { type OpenDatabaseOptions, openDatabase } from '../db/open.js';
import { redact } from '../http/logger.js';
import {
  addPublicKey,
  createPartner,
  DEFAULT_ROTATION_GRACE_SECONDS,
  type KeyMode,
  listPublicKeys,
  listSecretKeys,
  revokeKey,
  rotateSecretKey,
} from '../partners/keys.js';
import { listPartners } from '../partners/repository.js';
import { checkMasterKey, loadMasterKey, MASTER_KEY_ENV, type MasterKey } from '../secrets/master-key.js';
import { databaseOptions } from './database-options.js';
import type { CliIo } from './io.js';
import { describeStartupError } from './startup-errors.js';
import { parseCommandArgs, UsageError } from './usage.js';

const WHERE = `  --data-dir <dir>      PGlite data directory (default .tessera-data)
  --database-url <url>  PostgreSQL URL, instead of PGlite (env DATABASE_URL)`;

const KEY_NOTE = `Secret keys are encrypted at rest with the master key: ${MASTER_KEY_ENV}, or, for a
PGlite directory, master.key inside it (made on first use). A directory held by a
running server is refused: stop the server first.`;

export const PARTNER_HELP = `Usage: tessera partner <command> [options]

Commands:
  create          Create a partner; prints {"id","publishableKey","secretKey"}
  list            List partners and their keys (never a secret key)
  rotate-key      Issue a new secret key; the previous ones end after a grace period
  revoke-key      End one secret key or public key now
  add-public-key  Register an Ed25519 public key (JWK) for EdDSA user tokens

Run \`tessera partner <command> --help\` for its options.
`;

const HELP: Record<string, string> = {
  create: `Usage: tessera partner create --name <name> --origin <origin>... [options]

Creates a partner with a publishable key (bound to its origins) and a secret key, and
prints {"id","publishableKey","secretKey"} as JSON. The secret key is shown only now.

Options:
  --name <name>         Display name (sent to widgets in /v1/config)
  --origin <origin>     An allowed origin, like https://app.example.com (repeat for more)
  --tier <tier>         free (default), pro or enterprise
  --mode <mode>         test (default) or live: the prefix of the keys (pk_test_, sk_test_)
  --id <id>             The partner id (default: from the name, plus random characters)
${WHERE}
  -h, --help            Show this help

${KEY_NOTE}
`,
  list: `Usage: tessera partner list [options]

Prints every partner as JSON: id, name, tier, publishable key, allowed origins, and its
keys by id with a hint (sk_test_<id>_…abcd). Secret keys are never printed.

Options:
${WHERE}
  -h, --help            Show this help
`,
  'rotate-key': `Usage: tessera partner rotate-key --id <id> [options]

Issues a new secret key and prints {"id","keyId","secretKey","previousKeys"} as JSON.
The keys in force before keep working for the grace period, so you can deploy the new
key first; tokens signed with them are accepted until then.

Options:
  --id <id>             The partner
  --grace <seconds>     How long the previous keys keep working (default ${DEFAULT_ROTATION_GRACE_SECONDS}; 0 ends them now)
${WHERE}
  -h, --help            Show this help

${KEY_NOTE}
`,
  'revoke-key': `Usage: tessera partner revoke-key --id <id> --key <key id> [options]

Ends one key now: a secret key (key_…, see \`tessera partner list\`) or a public key (its kid).

Options:
  --id <id>             The partner
  --key <key id>        The key's id
${WHERE}
  -h, --help            Show this help
`,
  'add-public-key': `Usage: tessera partner add-public-key --id <id> --jwk <json> [options]

Registers an Ed25519 public key, so the partner's backend can sign user tokens with EdDSA
and keep no shared secret with this server. Prints {"id","kid"}.

Options:
  --id <id>             The partner
  --jwk <json>          The public key: {"kty":"OKP","crv":"Ed25519","x":"…"} (optional "kid")
${WHERE}
  -h, --help            Show this help
`,
};

const DB_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tessera partner <command>`: partner administration on the server's database. */
export async function partnerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io[sub === undefined ? 'stderr' : 'stdout'](PARTNER_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(HELP, sub)) {
    io.stderr(`Unknown command "partner ${sub}".\n\n${PARTNER_HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(HELP[sub] as string);
    return 0;
  }
  switch (sub) {
    case 'create': {
      const { values } = parseCommandArgs('partner create', rest, {
        ...DB_OPTIONS,
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        tier: { type: 'string' },
        mode: { type: 'string' },
        id: { type: 'string' },
      });
      const name = required(values.name, '--name', 'partner create');
      const origins = values.origin ?? [];
      if (origins.length === 0) {
        throw new UsageError('tessera partner create: give at least one --origin (like https://app.example.com).');
      }
      const tier = values.tier ?? 'free';
      if (!partnerTierSchema.safeParse(tier).success) {
        throw new UsageError(`tessera partner create: --tier is free, pro or enterprise, not "${tier}".`);
      }
      const mode = values.mode ?? 'test';
      if (mode !== 'live' && mode !== 'test') {
        throw new UsageError(`tessera partner create: --mode is test or live, not "${mode}".`);
      }
      return withDatabase(values, io, true, async (db, masterKey) => {
        const created = await createPartner(db, masterKey as MasterKey, {
          name,
          origins,
          tier,
          mode: mode as KeyMode,
          ...(values.id === undefined ? {} : { id: values.id }),
        });
        printJson(io, { id: created.partner.id, publishableKey: created.publishableKey, secretKey: created.secretKey });
        return 0;
      });
    }
    case 'list': {
      const { values } = parseCommandArgs('partner list', rest, DB_OPTIONS);
      return withDatabase(values, io, false, async (db) => {
        const partners = [];
        for (const partner of await listPartners(db)) {
          partners.push({
            id: partner.id,
            name: partner.name,
            tier: partner.tier,
            publishableKey: partner.publishableKey,
            allowedOrigins: partner.allowedOrigins,
            secretKeys: await listSecretKeys(db, partner.id),
            publicKeys: (await listPublicKeys(db, partner.id)).map(({ kid, createdAt, expiresAt }) => ({
              kid,
              createdAt,
              expiresAt,
            })),
            createdAt: partner.createdAt,
          });
        }
        printJson(io, partners);
        return 0;
      });
    }
    case 'rotate-key': {
      const { values } = parseCommandArgs('partner rotate-key', rest, {
        ...DB_OPTIONS,
        id: { type: 'string' },
        grace: { type: 'string' },
      });
      const id = required(values.id, '--id', 'partner rotate-key');
      const grace = values.grace === undefined ? DEFAULT_ROTATION_GRACE_SECONDS : Number(values.grace);
      if (!Number.isInteger(grace) || grace < 0 || grace > 30 * 24 * 3600) {
        throw new UsageError(
          `tessera partner rotate-key: --grace is a whole number of seconds from 0 to 2592000, not "${values.grace}".`,
        );
      }
      return withDatabase(values, io, true, async (db, masterKey) => {
        const rotated = await rotateSecretKey(db, masterKey as MasterKey, id, { graceSeconds: grace });
        if (!rotated) return noSuchPartner(io, id);
        printJson(io, {
          id,
          keyId: rotated.keyId,
          secretKey: rotated.secretKey,
          previousKeys: rotated.previous,
        });
        return 0;
      });
    }
    case 'revoke-key': {
      const { values } = parseCommandArgs('partner revoke-key', rest, {
        ...DB_OPTIONS,
        id: { type: 'string' },
        key: { type: 'string' },
      });
      const id = required(values.id, '--id', 'partner revoke-key');
      const key = required(values.key, '--key', 'partner revoke-key');
      return withDatabase(values, io, false, async (db) => {
        if (!(await revokeKey(db, id, key))) {
          io.stderr(`Partner "${id}" has no key "${key}" in force: see \`tessera partner list\`.\n`);
          return 1;
        }
        printJson(io, { id, revoked: key });
        return 0;
      });
    }
    default: {
      const { values } = parseCommandArgs('partner add-public-key', rest, {
        ...DB_OPTIONS,
        id: { type: 'string' },
        jwk: { type: 'string' },
      });
      const id = required(values.id, '--id', 'partner add-public-key');
      let jwk: unknown;
      try {
        jwk = JSON.parse(required(values.jwk, '--jwk', 'partner add-public-key'));
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(
          'tessera partner add-public-key: --jwk must be JSON, like {"kty":"OKP","crv":"Ed25519","x":"…"}.',
        );
      }
      return withDatabase(values, io, false, async (db) => {
        const kid = await addPublicKey(db, id, jwk);
        if (kid === undefined) return noSuchPartner(io, id);
        printJson(io, { id, kid });
        return 0;
      });
    }
  }
}

function required(value: string | undefined, flag: string, command: string): string {
  if (value === undefined || value === '') {
    throw new UsageError(`tessera ${command}: ${flag} is required. Run \`tessera ${command} --help\` for the options.`);
  }
  return value;
}

function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

function noSuchPartner(io: CliIo, id: string): number {
  io.stderr(`There is no partner "${id}": see \`tessera partner list\`.\n`);
  return 1;
}

/**
 * Opens and migrates the database (refused while a server holds a PGlite directory), with the
 * master key when the command handles secret keys, runs `fn`, and closes. Failures become one
 * line on stderr and exit code 1.
 */
async function withDatabase(
  values: { 'data-dir'?: string | undefined; 'database-url'?: string | undefined },
  io: CliIo,
  needsMasterKey: boolean,
  fn: (db: Database, masterKey: MasterKey | undefined) => Promise<number>,
): Promise<number> {
  const database: OpenDatabaseOptions = databaseOptions(values, io);
  let db: Database | undefined;
  try {
    db = await openDatabase(database);
    await migrate(db);
    let masterKey: MasterKey | undefined;
    if (needsMasterKey) {
      masterKey = loadMasterKey({ env: io.env, dataDir: database.databaseUrl ? undefined : database.dataDir }).key;
      await checkMasterKey(db, masterKey);
    }
    return await fn(db, masterKey);
  } catch (error) {
    // Before the database is open: why it cannot be opened. After: what the command refused.
    const message =
      db === undefined || !(error instanceof Error) ? describeStartupError(error, database) : redact(error.message);
    io.stderr(`${message}\n`);
    return 1;
  } finally {
    await db?.close();
  }
}
