export {
  createInProcessVault,
  createKeyring,
  type KeyCheckResult,
  type Keyring,
  type KeyVault,
  type MaskedKey,
} from './keyring.js';
