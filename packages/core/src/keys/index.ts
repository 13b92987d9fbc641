export { type ConnectedVault, connectVault, isConnectedVault } from './connected-vault.js';
export { createIndexedDbVault } from './indexeddb-vault.js';
export {
  createInProcessVault,
  createKeyring,
  type KeyCheckResult,
  type Keyring,
  type KeyVault,
  type MaskedKey,
  normalizeBaseURL,
  type StoredKey,
} from './keyring.js';
export { createUserTokenLoan, createVaultService, type UserTokenLoan } from './serve-vault.js';
export * from './sync/index.js';
export type { VaultService, WireStreamPart } from './vault-service.js';
