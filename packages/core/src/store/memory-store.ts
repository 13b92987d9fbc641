import { MemoryBackend } from './memory-backend.js';
import { RecordStore } from './record-store.js';

/**
 * Keeps everything in this process's memory: for Node scripts, tests and private sessions. Nothing
 * is at rest, so nothing is encrypted (`protection.encryption` is `none`) and nothing costs crypto.
 */
export class MemoryStore extends RecordStore {
  constructor() {
    super(new MemoryBackend(), { type: 'none' });
  }
}
