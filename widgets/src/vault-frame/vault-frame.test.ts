import { expect } from '@open-wc/testing';
import { createTessera } from '@tessera/core';
import { openVaultFrame } from '../embed/vault-connection.js';
import { partnerVaultDatabaseName } from './partner-vault-database.js';

// The real vault frame (served from source by the test server, on this page's origin: same-origin,
// so this page can look into the frame's IndexedDB) with real IndexedDB and Web Crypto.
const API = `${location.origin}/`;
const PUBLISHABLE_KEY = 'pk_test_acme';

/** A key no other test stores: its masked form (the last four characters) tells it apart. */
function uniqueKey(): { apiKey: string; masked: string } {
  const tail = crypto.randomUUID().slice(-4);
  return { apiKey: `sk-proj-test-key-${tail}`, masked: `sk-…${tail}` };
}

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).flatMap((database) => (database.name ? [database.name] : []));
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The masked keys stored in the vault database `name`, read as the browser holds them. */
async function maskedKeysIn(name: string): Promise<string[]> {
  if (!(await databaseNames()).includes(name)) return [];
  const db = await request(indexedDB.open(name));
  try {
    const rows = await request(db.transaction('keys').objectStore('keys').getAll());
    return rows.map((row: { masked: string }) => row.masked);
  } finally {
    db.close();
  }
}

const closeVaultFrames = () => {
  for (const frame of document.querySelectorAll('iframe[title="Tessera key vault"]')) frame.remove();
};

describe('vault frame', () => {
  afterEach(closeVaultFrames);

  it('keeps a page’s keys in the database of the page’s origin, and gives them back after a reload', async () => {
    const key = uniqueKey();
    const vault = await openVaultFrame(API, PUBLISHABLE_KEY);
    await vault.service.keys.set('openai', key.apiKey);

    expect(await maskedKeysIn(`${partnerVaultDatabaseName(location.origin)}-vault`)).to.include(key.masked);
    expect(await databaseNames()).not.to.include('tessera-vault');

    closeVaultFrames();
    const reloaded = await openVaultFrame(API, PUBLISHABLE_KEY);
    expect((await reloaded.service.keys.list()).map((entry) => entry.masked)).to.include(key.masked);
  });

  it('gives pages on two origins vaults that do not see each other’s keys', async () => {
    // What the frame creates for a parent origin, on one origin's storage: what every partner's
    // frame shares in a browser that does not partition storage by the top-level site.
    const vaultFor = (parentOrigin: string) =>
      createTessera({ vault: 'indexeddb', store: 'memory', databaseName: partnerVaultDatabaseName(parentOrigin) });
    const a = vaultFor('https://partner-a.example');
    const b = vaultFor('https://partner-b.example');
    const keyA = uniqueKey();
    const keyB = uniqueKey();

    await a.keys.set('openai', keyA.apiKey);
    await b.keys.set('anthropic', keyB.apiKey);
    expect((await a.keys.list()).map((entry) => `${entry.provider} ${entry.masked}`)).to.deep.equal([
      `openai ${keyA.masked}`,
    ]);
    expect((await b.keys.list()).map((entry) => `${entry.provider} ${entry.masked}`)).to.deep.equal([
      `anthropic ${keyB.masked}`,
    ]);
    expect(await vaultFor('https://partner-b.example').keys.has('openai')).to.equal(false);
    expect(await vaultFor('https://partner-a.example').keys.has('openai')).to.equal(true);
  });
});
