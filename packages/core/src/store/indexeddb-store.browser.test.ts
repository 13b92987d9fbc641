import { expect } from '@open-wc/testing';
import { storeContract } from '../../test-support/store-contract.js';
import { TesseraError } from '../errors/tessera-error.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import { IndexedDbStore } from './indexeddb-store.js';

describe('IndexedDbStore (real IndexedDB in Chromium)', () => {
  for (const contractCase of storeContract) {
    it(contractCase.name, async () => {
      const store = IndexedDbStore.open(`tessera-test-${uuidv7()}`);
      try {
        await contractCase.run(store);
      } finally {
        await store.close();
      }
    });
  }

  it('keeps data across closing and reopening the database', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const first = IndexedDbStore.open(name);
    const now = new Date().toISOString();
    await first.putConversation({ id: 'c1', title: 'kept', createdAt: now, updatedAt: now });
    await first.close();
    const second = IndexedDbStore.open(name);
    expect((await second.getConversation('c1'))?.title).to.equal('kept');
    await second.close();
  });

  it('upgrades a version-1 database in place: its conversations stay, ACUs can be added', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const now = new Date().toISOString();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('conversations', { keyPath: 'id' }).createIndex('byUpdatedAt', 'updatedAt');
        request.result
          .createObjectStore('messages', { keyPath: 'id' })
          .createIndex('byConversation', ['conversationId', 'id']);
        request.transaction
          ?.objectStore('conversations')
          .put({ id: 'old', title: 'from v1', createdAt: now, updatedAt: now });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const store = IndexedDbStore.open(name);
    expect((await store.getConversation('old'))?.title).to.equal('from v1');
    expect(await store.listAcus('old')).to.deep.equal([]);
    await store.close();
  });

  it('a database written by a newer version fails with a storage error that says to reload', async () => {
    const name = `tessera-test-${uuidv7()}`;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 99);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const store = IndexedDbStore.open(name);
    let caught: unknown;
    try {
      await store.listConversations();
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(TesseraError);
    expect((caught as TesseraError).code).to.equal('storage');
    expect((caught as TesseraError).message).to.contain('newer version');
  });
});
