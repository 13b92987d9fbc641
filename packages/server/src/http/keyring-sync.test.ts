import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  createApiClient,
  createInProcessVault,
  createKeyring,
  createKeyringSync,
  createMemorySyncState,
  createTessera,
  createUserTokenLoan,
  KEYRING_BLOB_ID,
  type Keyring,
  keyringEnvelopeSchema,
  TesseraError,
} from '@tessera/core';
import { capturingLogger } from '../test-support/capturing-logger.js';
import { seedPartner, type TestPartner, testMasterKey } from '../test-support/partners.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';
import { createJsonLogger } from './logger.js';
import { createNodeServer } from './node-server.js';

// Key sync end to end: core's keyring sync on "devices" (each its own in-process vault and sync
// state) against the real server over real HTTP, on PGlite.
const PASSPHRASE = 'correct horse battery staple';
const OTHER_PASSPHRASE = 'a wholly different passphrase';
const KEYS = {
  openai: 'sk-proj-openai-secret-0001',
  anthropic: 'sk-ant-anthropic-secret-0002',
  groq: 'gsk-groq-secret-0003',
  xai: 'xai-secret-from-device-b-0004',
  openaiNewer: 'sk-proj-openai-newer-0005',
} as const;

/** One device: its own vault and sync state, the user's token, and every vault request it made. */
interface Device {
  keys: Keyring;
  requests: string[];
  updated: string[];
}

/** Waits until the clock has moved on, so the next change is strictly newer than the last one. */
function nextMillisecond(): void {
  const now = Date.now();
  while (Date.now() === now) {}
}

describe('keyring sync against the hosted API (PGlite, real HTTP)', () => {
  let temp: TempDatabase;
  let partner: TestPartner;
  let server: Server;
  let apiUrl: string;
  const log = capturingLogger();

  before(async () => {
    temp = await openTempDatabase();
    const masterKey = testMasterKey();
    partner = await seedPartner(temp.db, masterKey, { id: 'sync', origin: 'https://sync.example' });
    const app = createApp({ db: temp.db, masterKey, rateLimits: false, logger: createJsonLogger(log.write) });
    server = createNodeServer(app, createJsonLogger(log.write));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await temp?.dispose();
  });

  function device(
    user: string | undefined,
    options: { userToken?: () => Promise<string>; apiUrl?: string | undefined } = {},
  ): Device {
    const requests: string[] = [];
    const updated: string[] = [];
    const vault = createInProcessVault();
    const api = createApiClient({
      apiUrl: 'apiUrl' in options ? options.apiUrl : apiUrl,
      publishableKey: partner.publishableKey,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        requests.push(`${init?.method ?? 'GET'} ${response.status}`);
        return response;
      },
      ...(options.userToken ? { userToken: options.userToken } : user ? { userToken: () => partner.token(user) } : {}),
    });
    const sync = createKeyringSync({
      vault,
      api: api.vault,
      state: createMemorySyncState(),
      onKeysUpdated: (providers) => updated.push(...providers),
    });
    const keys = createKeyring(
      vault,
      async () => ({ status: 'valid', message: 'accepted' }),
      () => {},
      () => 'https://provider.example/v1',
      sync,
    );
    return { keys, requests, updated };
  }

  /** The keyring blob exactly as the database holds it. */
  async function storedBlob(user: string): Promise<Uint8Array | undefined> {
    const { rows } = await temp.db.query<{ data: Uint8Array | null }>(
      'select data from vault_blobs where partner_id = $1 and user_id = $2 and blob_id = $3 and not deleted',
      [partner.partner.id, user, KEYRING_BLOB_ID],
    );
    return rows[0]?.data ?? undefined;
  }

  const listed = async (keys: Keyring) =>
    (await keys.list())
      .map(({ provider, masked, addedAt }) => ({ provider, masked, addedAt }))
      .sort((a, b) => a.provider.localeCompare(b.provider));

  it('says sync is unavailable, and why, without a user token or an API', async () => {
    const anonymous = device(undefined);
    const status = await anonymous.keys.sync.status();
    assert.equal(status.state, 'unavailable');
    assert.match(status.message ?? '', /signed-in user.*userToken/);
    await assert.rejects(
      anonymous.keys.sync.enable(PASSPHRASE),
      (error: unknown) => error instanceof TesseraError && /userToken/.test(error.message),
    );

    const noApi = await device('nobody', { apiUrl: undefined }).keys.sync.status();
    assert.equal(noApi.state, 'unavailable');
    assert.match(noApi.message ?? '', /apiUrl/);

    // The vault frame before the page lent it a way to get the token.
    const frame = device(undefined, { userToken: createUserTokenLoan().get });
    const fromFrame = await frame.keys.sync.status();
    assert.equal(fromFrame.state, 'unavailable');
    assert.match(fromFrame.message ?? '', /has not given Tessera the user's token/);
    assert.deepEqual(frame.requests, [], 'nothing was sent without a token');
  });

  it('refuses a short passphrase before anything is sent', async () => {
    const phone = device('short');
    await assert.rejects(
      phone.keys.sync.enable('too short'),
      (error: unknown) =>
        error instanceof TesseraError && error.code === 'validation' && /12 characters/.test(error.message),
    );
    assert.deepEqual(phone.requests, []);
    assert.equal((await phone.keys.sync.status()).state, 'off');
  });

  const alice = { laptop: undefined as unknown as Device, phone: undefined as unknown as Device };

  it('enabling saves the keys as ciphertext: the server never holds a key, a provider name or the passphrase', async () => {
    alice.laptop = device('alice');
    await alice.laptop.keys.set('openai', KEYS.openai);
    await alice.laptop.keys.set('anthropic', KEYS.anthropic);
    assert.equal((await alice.laptop.keys.sync.status()).state, 'off');

    const on = await alice.laptop.keys.sync.enable(PASSPHRASE);
    assert.equal(on.state, 'on');
    assert.ok(on.lastSyncedAt);

    const bytes = await storedBlob('alice');
    assert.ok(bytes, 'the keyring blob is on the server');
    const text = new TextDecoder().decode(bytes);
    for (const secret of [KEYS.openai, KEYS.anthropic, 'openai', 'anthropic', PASSPHRASE, 'secret']) {
      assert.equal(text.includes(secret), false, `the stored blob does not contain ${secret}`);
    }
    const envelope = keyringEnvelopeSchema.parse(JSON.parse(text));
    assert.deepEqual(envelope.kdf.name, 'PBKDF2-SHA-256');
    assert.equal(envelope.kdf.iterations, 600_000);

    // A later change is saved too, replacing the version it read (If-Match), never blindly.
    const before = alice.laptop.requests.length;
    await alice.laptop.keys.set('groq', KEYS.groq);
    const flushed = await alice.laptop.keys.sync.flush();
    assert.equal(flushed.state, 'on');
    assert.deepEqual(alice.laptop.requests.slice(before), ['PUT 200']);
    assert.notDeepEqual(await storedBlob('alice'), bytes);
    assert.equal(new TextDecoder().decode(await storedBlob('alice')).includes(KEYS.groq), false);
  });

  it('another device restores with the passphrase; a wrong one is refused and changes nothing', async () => {
    alice.phone = device('alice');
    const offered = await alice.phone.keys.sync.status();
    assert.equal(offered.state, 'restore-available');
    assert.equal(offered.message, 'Your keys are saved in your vault. Enter your passphrase to restore them.');

    const refused = await alice.phone.keys.sync.restore(OTHER_PASSPHRASE).then(
      () => assert.fail('a wrong passphrase unlocked the keys'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof TesseraError);
    assert.equal(refused.code, 'auth');
    assert.match(refused.message, /^That passphrase does not unlock your saved keys\./);
    assert.deepEqual(await alice.phone.keys.list(), [], 'nothing was added');
    assert.equal((await alice.phone.keys.sync.status()).state, 'restore-available', 'still offered');

    const restored = await alice.phone.keys.sync.restore(PASSPHRASE);
    assert.equal(restored.state, 'on');
    assert.deepEqual(restored.updated?.sort(), ['anthropic', 'groq', 'openai']);
    assert.deepEqual(alice.phone.updated.sort(), ['anthropic', 'groq', 'openai']);
    // The same keys, added when they were first added, not when they were restored.
    assert.deepEqual(await listed(alice.phone.keys), await listed(alice.laptop.keys));
    assert.equal((await alice.phone.keys.list()).find((key) => key.provider === 'openai')?.masked, 'sk-…0001');

    // A device with keys of its own is offered to join, not to restore.
    const tablet = device('alice');
    await tablet.keys.set('xai', KEYS.xai);
    assert.equal((await tablet.keys.sync.status()).state, 'locked');
  });

  it('changes made on two devices at once meet at a 412 and merge, the newest change winning', async () => {
    const { laptop, phone } = alice;
    // The laptop adds a key and replaces one; the phone, not knowing, adds another, removes one,
    // and replaces the same key later.
    await laptop.keys.set('xai', KEYS.xai);
    nextMillisecond();
    await laptop.keys.set('openai', 'sk-proj-openai-older-0009');
    await phone.keys.remove('anthropic');
    nextMillisecond();
    await phone.keys.set('openai', KEYS.openaiNewer);

    assert.equal((await laptop.keys.sync.flush()).state, 'on');
    const sent = phone.requests.length;
    const merged = await phone.keys.sync.flush();
    assert.equal(merged.state, 'on');
    // The phone read the version the laptop replaced, so its save was refused, and it merged.
    assert.deepEqual(phone.requests.slice(sent), ['PUT 412', 'GET 200', 'PUT 200']);
    assert.deepEqual(merged.updated, ['xai']);

    const onLaptop = await laptop.keys.sync.status();
    assert.equal(onLaptop.state, 'on');
    assert.deepEqual(onLaptop.updated?.sort(), ['anthropic', 'openai']);
    const expected = [
      { provider: 'groq', masked: 'gsk…0003' },
      { provider: 'openai', masked: 'sk-…0005' },
      { provider: 'xai', masked: 'xai…0004' },
    ];
    const masked = async (keys: Keyring) =>
      (await keys.list())
        .map(({ provider, masked }) => ({ provider, masked }))
        .sort((a, b) => a.provider.localeCompare(b.provider));
    assert.deepEqual(await masked(laptop.keys), expected);
    assert.deepEqual(await masked(phone.keys), expected);
    assert.deepEqual(await listed(laptop.keys), await listed(phone.keys));
  });

  it('a key added again after a removal elsewhere survives the removal', async () => {
    const { laptop, phone } = alice;
    await laptop.keys.remove('groq');
    await laptop.keys.sync.flush();
    nextMillisecond();
    await phone.keys.set('groq', 'gsk-groq-readded-0006');
    await phone.keys.sync.flush();
    await laptop.keys.sync.status();
    assert.equal((await laptop.keys.list()).find((key) => key.provider === 'groq')?.masked, 'gsk…0006');
  });

  it('deleting the saved copy stops every device and keeps their keys; another passphrase then cannot join', async () => {
    const { laptop, phone } = alice;
    const keysOnPhone = await listed(phone.keys);
    assert.equal((await laptop.keys.sync.disable({ deleteSaved: true })).state, 'off');
    assert.equal(await storedBlob('alice'), undefined);

    const stopped = await phone.keys.sync.status();
    assert.equal(stopped.state, 'off');
    assert.match(stopped.message ?? '', /turned off on another device/);
    assert.deepEqual(await listed(phone.keys), keysOnPhone, 'the phone keeps its keys');

    // The laptop starts over with a new passphrase; the old one no longer joins.
    await laptop.keys.sync.enable(OTHER_PASSPHRASE);
    assert.equal((await phone.keys.sync.status()).state, 'locked');
    await assert.rejects(
      phone.keys.sync.enable(PASSPHRASE),
      (error: unknown) =>
        error instanceof TesseraError && /already saved in your vault with another passphrase/.test(error.message),
    );
    assert.equal((await phone.keys.sync.restore(OTHER_PASSPHRASE)).state, 'on');
    assert.deepEqual(await listed(phone.keys), await listed(laptop.keys));
  });

  it('createTessera({ apiUrl, publishableKey, userToken }) syncs its keyring the same way', async (t) => {
    const make = () =>
      createTessera({ apiUrl, publishableKey: partner.publishableKey, userToken: () => partner.token('carol') });
    const desktop = make();
    desktop.events.on('warning', () => {});
    const first = await desktop.keys.sync.status();
    if (first.state === 'unavailable' && /not set up/.test(first.message ?? '')) {
      t.skip('createTessera() does not build key sync yet (packages/core/src/tessera.ts)');
      return;
    }
    await desktop.keys.set('mistral', 'mistral-secret-key-0007');
    assert.equal((await desktop.keys.sync.enable(PASSPHRASE)).state, 'on');
    const laptop = make();
    laptop.events.on('warning', () => {});
    const changed: string[] = [];
    laptop.events.on('keys-changed', (provider) => changed.push(provider));
    assert.equal((await laptop.keys.sync.status()).state, 'restore-available');
    assert.equal((await laptop.keys.sync.restore(PASSPHRASE)).state, 'on');
    assert.deepEqual(changed, ['mistral'], 'the instance says which keys the sync changed');
    assert.deepEqual(await listed(laptop.keys), await listed(desktop.keys));
  });

  it('never logs a key, a token or a passphrase', () => {
    const logged = log.lines.join('\n');
    assert.ok(log.lines.length > 0);
    for (const secret of [...Object.values(KEYS), 'mistral-secret-key-0007', PASSPHRASE, OTHER_PASSPHRASE, 'Bearer ']) {
      assert.equal(logged.includes(secret), false, `the log does not contain ${secret}`);
    }
  });
});
