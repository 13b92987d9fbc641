/**
 * What the "nothing readable at rest" tests of every store write: one distinctive value in each
 * field that must be sealed, so a scan of the raw storage can look for each of them.
 */
import { createAcu } from '../src/acu/create.js';
import type { AcuSigner } from '../src/acu/signing.js';
import type { ConversationRecord } from '../src/store/schema.js';
import type { StoreAdapter } from '../src/store/store-adapter.js';
import { auditEntry, conversation, message } from './store-contract.js';

/** Values no store may keep readable; none of them appears anywhere else in the records. */
export const SECRETS = {
  title: 'Zanzibar-tangerine-plans',
  text: 'the-parrot-knows-my-PIN',
  acuText: 'sealed-acu-marmalade',
  model: 'model-quokka-7b',
  timestamp: '2031-07-04T05:06:07.089Z',
  format: 'format-walrus',
} as const;

/** Writes a conversation, a message, an ACU, `signer`'s key and an audit entry carrying {@link SECRETS}. */
export async function writeSecrets(store: StoreAdapter, signer: AcuSigner): Promise<ConversationRecord> {
  const c = conversation({ title: SECRETS.title, createdAt: SECRETS.timestamp, updatedAt: SECRETS.timestamp });
  await store.putConversation(c);
  await store.putMessage(
    message(c.id, {
      text: SECRETS.text,
      model: SECRETS.model,
      createdAt: SECRETS.timestamp,
      updatedAt: SECRETS.timestamp,
    }),
  );
  await store.putAcus([
    await createAcu(
      { content: { role: 'user', text: SECRETS.acuText }, metadata: { conversationId: c.id } },
      { signer },
    ),
  ]);
  await store.putSigningKey('owner', signer.keyPair);
  await store.appendAudit(auditEntry({ action: 'export', format: SECRETS.format, conversationId: c.id }));
  return c;
}
