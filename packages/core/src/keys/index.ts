export { createInProcessVault, type Keyring, type KeyVault, type MaskedKey } from './keyring.js';
