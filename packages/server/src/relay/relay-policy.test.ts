import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mintUserToken } from '../auth/user-token.js';
import { createApp } from '../http/app.js';
import { demoSecretKey, upsertDemoPartner } from '../partners/demo.js';
import { updatePartner } from '../partners/repository.js';
import { MasterKey } from '../secrets/master-key.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';

let temp: TempDatabase;
const masterKey = MasterKey.generate();
let userToken: string;
before(async () => {
  temp = await openTempDatabase();
  await upsertDemoPartner(temp.db, { origins: ['https://shop.example'] });
  userToken = await mintUserToken({ secretKey: await demoSecretKey(temp.db, masterKey), userId: 'shopper' });
});
after(() => temp.dispose());

test('the relay follows the partner’s relay policy before anything is sent', async () => {
  const app = createApp({ db: temp.db, masterKey, relay: { upstreamURL: () => new URL('http://127.0.0.1:9/v1') } });
  const relay = (provider: string) =>
    app.request(`/v1/relay/${provider}/models`, {
      headers: {
        'Tessera-Publishable-Key': 'pk_test_demo',
        Origin: 'https://shop.example',
        Authorization: `Bearer ${userToken}`,
      },
    });
  await updatePartner(temp.db, 'demo', { relay: { enabled: false } });
  const off = await relay('perplexity');
  assert.equal(off.status, 403);
  assert.equal(((await off.json()) as { error: { code: string } }).error.code, 'relay_disabled');
  await updatePartner(temp.db, 'demo', { relay: { enabled: true, providers: ['openai'] } });
  const notListed = await relay('perplexity');
  assert.equal(notListed.status, 403);
  assert.equal(((await notListed.json()) as { error: { code: string } }).error.code, 'provider_not_allowed');
  // An allowed provider gets past the policy (and then fails to reach the closed port: 502).
  assert.equal((await relay('openai')).status, 502);
});
