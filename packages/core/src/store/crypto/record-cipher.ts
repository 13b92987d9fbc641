/**
 * A record's JSON sealed for one place: the additional data names the table, the record's id and
 * its conversation, so a row copied over another row, or into another conversation, fails to open.
 */
import { utf8 } from '../../acu/bytes.js';
import type { RecordTable } from '../record-backend.js';
import { open, type SealContext, seal } from './aes-gcm.js';

/** Where a record lives: what its sealed bytes are bound to. */
export interface RecordPlace {
  table: RecordTable;
  id: string;
  /** `''` for audit entries, which belong to no conversation. */
  conversationId: string;
}

function recordContext(place: RecordPlace): SealContext {
  return ['tessera.record/1', place.table, place.id, place.conversationId];
}

export function sealRecord(key: CryptoKey, place: RecordPlace, record: object): Promise<Uint8Array<ArrayBuffer>> {
  return seal(key, recordContext(place), utf8(JSON.stringify(record)));
}

/** The record sealed at `place`; rejects on a wrong key or place, tampered bytes, or JSON that does not parse. */
export async function openRecord(key: CryptoKey, place: RecordPlace, sealed: Uint8Array): Promise<unknown> {
  const plaintext = await open(key, recordContext(place), sealed);
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
}
