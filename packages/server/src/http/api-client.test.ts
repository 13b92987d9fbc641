import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiClient, createTessera, isVaultConflict, TesseraError } from '@tessera/core';
import { mintUserToken } from '../auth/user-token.js';
import { seedPartner, type TestPartner, testMasterKey } from '../test-support/partners.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';

// Core's typed client (tessera.api) against the real server, through app.request as its fetch.
describe("core's API client against the server (PGlite)", () => {
  let temp: TempDatabase;
  let partner: TestPartner;
  let app: ReturnType<typeof createApp>;
  const apiUrl = 'http://api.test/';

  before(async () => {
    temp = await openTempDatabase();
    const masterKey = testMasterKey();
    partner = await seedPartner(temp.db, masterKey, { id: 'client', origin: 'https://client.example' });
    app = createApp({ db: temp.db, masterKey, rateLimits: false });
  });
  after(() => temp?.dispose());

  const client = (userToken?: () => Promise<string> | string) =>
    createApiClient({
      apiUrl,
      publishableKey: partner.publishableKey,
      fetch: async (input, init) => app.request(String(input), init),
      ...(userToken ? { userToken } : {}),
    });

  it('puts, gets, lists and deletes blobs with versions', async () => {
    const api = client(() => partner.token('user-1'));
    const created = await api.vault.put('notes', new Uint8Array([1, 2, 3]), { contentType: 'application/x-test' });
    assert.equal(created.created, true);
    const read = await api.vault.get('notes');
    assert.deepEqual(read && { ...read, data: [...read.data] }, {
      id: 'notes',
      version: created.version,
      contentType: 'application/x-test',
      data: [1, 2, 3],
    });
    const replaced = await api.vault.put('notes', new Uint8Array([4]), { ifMatch: created.version });
    assert.equal(replaced.created, false);
    const listed = await api.vault.list();
    assert.deepEqual(
      listed.blobs.map((blob) => [blob.id, blob.version, blob.deleted]),
      [['notes', replaced.version, false]],
    );
    assert.equal(await api.vault.delete('notes', { ifMatch: replaced.version }), true);
    assert.equal(await api.vault.get('notes'), undefined);
    assert.equal(await api.vault.delete('notes'), false);
    const since = await api.vault.list({ since: listed.cursor, limit: 10 });
    assert.deepEqual(
      since.blobs.map((blob) => blob.deleted),
      [true],
    );
  });

  it('works through createTessera({ userToken }) too, as a string or a function', async () => {
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => app.request(String(input), init);
    const common = { apiUrl, publishableKey: partner.publishableKey, fetch };
    const withString = createTessera({ ...common, userToken: await partner.token('user-via-tessera') });
    await withString.api.vault.put('kept', new Uint8Array([9]));
    const withFunction = createTessera({ ...common, userToken: () => partner.token('user-via-tessera') });
    const read = await withFunction.api.vault.get('kept');
    assert.deepEqual(read && [...read.data], [9]);
  });

  it('surfaces a conflict as a TesseraError (412) with the current version', async () => {
    const api = client(() => partner.token('user-2'));
    const first = await api.vault.put('doc', new Uint8Array([1]));
    const error = await api.vault.put('doc', new Uint8Array([2])).then(
      () => assert.fail('a blind overwrite was accepted'),
      (reason: unknown) => reason,
    );
    assert.ok(isVaultConflict(error));
    assert.ok(error instanceof TesseraError);
    assert.equal(error.status, 412);
    assert.match(error.message, /changed on another device/);
    assert.equal((error.details as { currentVersion: string }).currentVersion, first.version);
    assert.equal((error.details as { apiCode: string }).apiCode, 'precondition_failed');
  });

  it('asks for a fresh token once when the server says it expired', async () => {
    const expired = await mintUserToken({
      secretKey: partner.secretKey,
      userId: 'user-3',
      ttlSeconds: 10,
      now: new Date(Date.now() - 60_000),
    });
    const handed: string[] = [];
    const api = client(async () => {
      const token = handed.length === 0 ? expired : await partner.token('user-3');
      handed.push(token);
      return token;
    });
    assert.deepEqual((await api.vault.list()).blobs, []);
    assert.equal(handed.length, 2);
  });

  it('says what is missing, and never puts a token in a message', async () => {
    await assert.rejects(client().vault.list(), (error: unknown) => {
      return error instanceof TesseraError && error.code === 'validation' && /userToken/.test(error.message);
    });
    const forged = `${(await partner.token('u')).slice(0, -4)}AAAA`;
    const error = await client(() => forged)
      .vault.get('x')
      .then(
        () => assert.fail('accepted'),
        (reason: unknown) => reason,
      );
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'auth');
    assert.equal(error.status, 401);
    assert.equal(error.message.includes(forged), false);
    await assert.rejects(client(() => 'x').vault.get('../etc'), /blob id/);
  });
});
