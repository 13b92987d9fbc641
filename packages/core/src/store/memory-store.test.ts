import { test } from 'node:test';
import { storeContract } from '../../test-support/store-contract.js';
import { MemoryStore } from './memory-store.js';

for (const contractCase of storeContract) {
  test(`MemoryStore ${contractCase.name}`, () => contractCase.run(new MemoryStore()));
}
