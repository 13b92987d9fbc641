import { TesseraError } from '../../errors/tessera-error.js';
import type { KeyringSyncEngine, KeySyncStatus } from './keyring-sync.js';

/** The sync of an instance that cannot sync (no vault of its own): says why, and changes nothing. */
export function unavailableKeyringSync(message: string): KeyringSyncEngine {
  const status = async (): Promise<KeySyncStatus> => ({ state: 'unavailable', message });
  const refuse = async (): Promise<KeySyncStatus> => {
    throw new TesseraError('validation', message);
  };
  return {
    status,
    enable: refuse,
    restore: refuse,
    disable: status,
    flush: status,
    change: (_provider, write) => write(),
  };
}
