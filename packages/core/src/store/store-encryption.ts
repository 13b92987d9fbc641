import { MIN_STORE_PASSPHRASE_LENGTH } from './crypto/master-key.js';

/**
 * How a browser store is encrypted at rest. `'device'`: the data keys are wrapped by a
 * non-extractable key this browser profile keeps, nothing to type. `{ passphrase }`: by a key
 * derived from the user's passphrase (at least `MIN_STORE_PASSPHRASE_LENGTH` characters), asked for each
 * time the store is opened; without it nothing can be read, but a forgotten passphrase cannot be
 * recovered.
 */
export type StoreEncryption = 'device' | { passphrase: string };

export { MIN_STORE_PASSPHRASE_LENGTH };
