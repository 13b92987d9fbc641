import type { AcuSigner } from '../acu/signing.js';
import { loadOnDemand } from '../errors/load-on-demand.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraEvents } from '../events/tessera-events.js';
import type { AuditEntry } from './audit-entry.js';
import type { AuditLog, AuditQuery } from './audit-log.js';
import type { DeletionReceipt, DeletionReceiptVerification } from './deletion-receipt.js';
import type { StoreAdapter, StoreProtection } from './store-adapter.js';

/** What `tessera.store.status()` reports: for the library widget's storage and encryption panel. */
export interface StoreStatus {
  /** The backend (`indexeddb`, `memory`, a custom adapter's kind). */
  kind: string;
  protection: StoreProtection;
  /** How many conversations are stored. */
  conversations: number;
  /** Bytes used and available, where the platform says; absent where it does not. */
  usage?: { usedBytes: number; quotaBytes?: number };
}

/** `tessera.store`: the user's sovereign storage. */
export interface StoreApi {
  /** The store adapter, opened on first use. */
  open(): Promise<StoreAdapter>;
  /** What the store is, how it protects the data at rest, how much it holds. */
  status(): Promise<StoreStatus>;
  /**
   * Deletes a conversation for good (crypto-shredding where the store encrypts) and returns a
   * receipt signed with the owner's key listing the hashes of every ACU deleted. Records a
   * `conversation.delete` audit entry and emits `conversation-deleted` with the receipt.
   * `via` names what asked for it in the audit log (default `store`).
   *
   * Throws a `validation` TesseraError for a conversation that does not exist (nothing is
   * recorded), and a `storage` one when the store fails (nothing is deleted).
   */
  deleteConversation(conversationId: string, options?: { via?: string }): Promise<DeletionReceipt>;
  /**
   * Checks a receipt's shape, hash, key id and signature (against its own embedded public key).
   * Never throws for a bad receipt: `{ ok: false, reason, field, message }` says what is wrong.
   */
  verifyReceipt(receipt: unknown): Promise<DeletionReceiptVerification>;
  /** The audit log, newest first. */
  audit(query?: AuditQuery): Promise<AuditEntry[]>;
}

/** What `tessera.store` needs from its instance. */
export interface StoreApiDependencies {
  /** The store, opened on first use. */
  store(): Promise<StoreAdapter>;
  /** The owner's signer, the one that seals their ACUs: receipts are signed with the same key. */
  signer(): Promise<AcuSigner>;
  audit: AuditLog;
  events: TesseraEvents;
}

/** The `tessera.store` part of an instance. */
export function createStoreApi(deps: StoreApiDependencies): StoreApi {
  // Receipts are signed and checked only on deletion: loaded then, so a chat never pays for them.
  const receipts = () => loadOnDemand('deletion receipts', () => import('./deletion-receipt.js'));

  return {
    open: () => deps.store(),

    async status() {
      const store = await deps.store();
      const [conversations, usage] = await Promise.all([store.listConversations(), store.usage()]);
      return {
        kind: store.kind,
        protection: { ...store.protection },
        conversations: conversations.length,
        ...(usage ? { usage } : {}),
      };
    },

    async deleteConversation(conversationId, options = {}) {
      const store = await deps.store();
      const conversation = typeof conversationId === 'string' ? await store.getConversation(conversationId) : undefined;
      if (!conversation) {
        throw new TesseraError(
          'validation',
          'This conversation does not exist (it may already be deleted): refresh the list of conversations.',
        );
      }
      const [acus, messages, signer, { issueDeletionReceipt }] = await Promise.all([
        store.listAcus(conversationId),
        store.listMessages(conversationId),
        deps.signer(),
        receipts(),
      ]);
      // Signed before the records go: once they are gone nothing can stop the user from getting the
      // receipt, and if the deletion fails the receipt is dropped unseen.
      const receipt = await issueDeletionReceipt(signer, {
        ownerId: signer.ownerId,
        conversationId,
        method: store.protection.encryption === 'aes-gcm-256' ? 'crypto-shred' : 'erase',
        acuHashes: acus.map((acu) => acu.provenance.hash),
        messageCount: messages.length,
        deletedAt: new Date().toISOString(),
      });
      await store.deleteConversation(conversationId);
      deps.audit.record({
        action: 'conversation.delete',
        via: options.via ?? 'store',
        conversationId,
        count: receipt.acuHashes.length,
        receiptHash: receipt.hash,
      });
      deps.events.emit('conversation-deleted', receipt);
      return receipt;
    },

    verifyReceipt: async (receipt) => (await receipts()).verifyDeletionReceipt(receipt),

    audit: (query) => deps.audit.list(query),
  };
}
