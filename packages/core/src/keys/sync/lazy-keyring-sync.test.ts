import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TesseraError } from '../../errors/tessera-error.js';
import { lazyKeyringSync } from './lazy-keyring-sync.js';
import { unavailableKeyringSync } from './unavailable-keyring-sync.js';

test('builds the engine on first use, once, and hands every call to it', async () => {
  let built = 0;
  const sync = lazyKeyringSync(async () => {
    built += 1;
    return unavailableKeyringSync('No vault here.');
  });
  assert.equal(built, 0, 'nothing is loaded before a call needs it');
  assert.deepEqual(await sync.status(), { state: 'unavailable', message: 'No vault here.' });
  assert.equal(await sync.change('openai', async () => 'written'), 'written');
  await assert.rejects(sync.enable('a long enough passphrase'), /No vault here\./);
  assert.equal(built, 1);
});

test('a failed load fails that call and is tried again by the next one', async () => {
  let attempts = 0;
  const sync = lazyKeyringSync(async () => {
    attempts += 1;
    if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
    return unavailableKeyringSync('No vault here.');
  });
  await assert.rejects(
    sync.status(),
    (error: unknown) =>
      error instanceof TesseraError &&
      error.code === 'network' &&
      /could not load the code for key sync\. Check the connection/.test(error.message),
  );
  assert.equal((await sync.status()).state, 'unavailable');
  assert.equal(attempts, 2);
});
