import { loadOnDemand } from '../errors/load-on-demand.js';
import { TesseraError } from '../errors/tessera-error.js';
import { type AcuDraft, createAcu } from './create.js';
import type { Acu } from './schema.js';
import { AcuKeySet, type AcuPublicKey, type AcuSigner, generateSigner, signerFromKeyPair } from './signing.js';
import type { AcuVerification, ChainVerification } from './verify.js';

/** Verifying loads on first use: sealing and sending messages never needs it. */
const verification = () => loadOnDemand('verifying messages', () => import('./verify.js'));

/** Where the owner's key pair is kept between sessions (the store: IndexedDB keeps `CryptoKey`s as they are). */
export interface SigningKeyStorage {
  get(ownerId: string): Promise<CryptoKeyPair | undefined>;
  put(ownerId: string, keyPair: CryptoKeyPair): Promise<void>;
}

export interface LoadOrCreateSignerOptions {
  /**
   * Create a new key pair extractable, for storage that seals the private key under its master key
   * before saving it (a store whose `wrapsSigningKeys` is true). The signer then signs with the
   * copy read back from storage, which is not extractable.
   */
  extractable?: boolean;
}

/**
 * The owner's signer: the stored key pair if there is one, else a new one (Ed25519 where the
 * platform has it), stored before it signs anything, so no ACU is ever signed by a key that is lost.
 */
export async function loadOrCreateSigner(
  ownerId: string,
  storage: SigningKeyStorage,
  options: LoadOrCreateSignerOptions = {},
): Promise<AcuSigner> {
  const stored = await storage.get(ownerId);
  if (stored) return signerFromKeyPair(ownerId, stored);
  const signer = await generateSigner(ownerId, { extractable: options.extractable === true });
  await storage.put(ownerId, signer.keyPair);
  if (options.extractable !== true) return signer;
  // The extractable pair existed only to be sealed: from here on, sign with what storage gives back.
  const kept = await storage.get(ownerId);
  if (!kept) {
    throw new TesseraError(
      'storage',
      'Your new signing key could not be read back after saving it. Reload the page and try again.',
    );
  }
  return signerFromKeyPair(ownerId, kept);
}

/** What `tessera.acu` needs from the rest of the instance. */
export interface AcuApiDependencies {
  /** The owner's signer (e.g. `() => loadOrCreateSigner(ownerId, store.signingKeys)`); called once. */
  signer(): Promise<AcuSigner>;
  /** All ACUs of a conversation, every branch, in any order (the store). */
  listAcus(conversationId: string): Promise<Acu[]>;
  /** One ACU by id (the store); lets `create` take a `parentId`. */
  getAcu(id: string): Promise<Acu | undefined>;
  /** Other people's public keys trusted from the start (e.g. from imported archives). */
  trustedKeys?: Iterable<AcuPublicKey>;
}

/** `tessera.acu`: seal, verify and list the user's ACUs. */
export interface AcuApi {
  /** Seals a message, chained to `parent` (an ACU, or its id in the store). Does not store it. */
  create(draft: AcuDraft, options?: { parent?: Acu | string | null }): Promise<Acu>;
  /** Checks one ACU's schema, hash and signature against the owner's key and the trusted keys. */
  verify(acu: unknown): Promise<AcuVerification>;
  /** Checks a whole stored conversation, every branch; says exactly which ACU breaks the chain and why. */
  verifyChain(conversationId: string): Promise<ChainVerification>;
  /** All ACUs of a conversation, every branch. */
  list(query: { conversationId: string }): Promise<Acu[]>;
  /** The owner's public key, to publish with exports. */
  publicKey(): Promise<AcuPublicKey>;
  /** Trusts another signer's public key (someone whose ACUs were imported). */
  trust(key: AcuPublicKey): void;
}

/** The `tessera.acu` part of an instance over its store and the owner's signer. */
export function createAcuApi(deps: AcuApiDependencies): AcuApi {
  const keys = new AcuKeySet(deps.trustedKeys);
  let signing: Promise<AcuSigner> | undefined;
  const signer = () => {
    if (!signing) {
      const loading = deps.signer().then((loaded) => {
        keys.add(loaded.publicKey);
        return loaded;
      });
      // A failed load is retried on the next call rather than cached forever.
      loading.catch(() => {
        if (signing === loading) signing = undefined;
      });
      signing = loading;
    }
    return signing;
  };

  async function resolveParent(parent: Acu | string | null | undefined): Promise<Acu | null> {
    if (parent === undefined || parent === null || typeof parent === 'object') return parent ?? null;
    const found = await deps.getAcu(parent);
    if (!found) throw new TesseraError('validation', 'The message to answer no longer exists.');
    return found;
  }

  return {
    async create(draft, options = {}) {
      const [own, parent] = await Promise.all([signer(), resolveParent(options.parent)]);
      return createAcu(draft, { signer: own, parent });
    },
    async verify(acu) {
      await signer();
      return (await verification()).verifyAcu(acu, keys);
    },
    async verifyChain(conversationId) {
      await signer();
      const { verifyChain } = await verification();
      return verifyChain(await deps.listAcus(conversationId), keys, { conversationId });
    },
    list({ conversationId }) {
      return deps.listAcus(conversationId);
    },
    async publicKey() {
      return (await signer()).publicKey;
    },
    trust(key) {
      keys.add(key);
    },
  };
}
