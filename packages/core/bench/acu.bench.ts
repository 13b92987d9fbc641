/**
 * ACU create per message: validate the draft, RFC 8785 canonicalize the hashed fields, SHA-256 and
 * sign (Ed25519, and the ECDSA P-256 fallback), one message after another as a chat makes them,
 * each chained to the previous. Baselines in the same run: `JSON.stringify` + SHA-256 of the same
 * draft (hashing without canonical form or signature), and a bare `crypto.subtle.sign` of an ACU's
 * signed bytes. Goal (issue 4): under 1 ms per ACU.
 *
 * Only Web APIs, so the same file also runs in a browser page (bundled with esbuild).
 */
import {
  type Acu,
  type AcuDraft,
  AcuKeySet,
  acuSignedBytes,
  createAcu,
  generateSigner,
  verifyAcu,
} from '../src/acu/index.js';
import { compare, report } from './bench-kit.js';

const PER_SAMPLE = 100;
const ROUNDS = 31;

// A typical answer: about 300 tokens of prose, with model, provider and token counts.
const TEXT = Array.from(
  { length: 24 },
  (_, i) => `Sentence ${i} of a typical answer, with a little punctuation — and “quotes”. `,
).join('');
const draft: AcuDraft = {
  content: {
    role: 'assistant',
    text: TEXT,
    model: 'gpt-4o',
    provider: 'openai',
    tokens: { input: 412, output: 298 },
    status: 'complete',
  },
  metadata: { conversationId: '01947f3a-8b00-7000-8000-00000000c0de', tags: ['bench'], contextSnapshotId: 'ctx-1' },
};

const ed25519 = await generateSigner('user-bench', { algorithm: 'Ed25519' });
const ecdsa = await generateSigner('user-bench', { algorithm: 'ECDSA-P256' });
const encoder = new TextEncoder();

function perAcu(run: () => Promise<void>): () => Promise<number> {
  return async () => {
    const start = performance.now();
    await run();
    return (performance.now() - start) / PER_SAMPLE;
  };
}

/** One conversation of PER_SAMPLE messages, each sealed as it is made, chained to the one before. */
const chain = (signer: typeof ed25519) =>
  perAcu(async () => {
    let parent: Acu | null = null;
    for (let i = 0; i < PER_SAMPLE; i++) parent = await createAcu(draft, { signer, parent });
  });

const sample = await createAcu(draft, { signer: ed25519 });
const signedBytes = acuSignedBytes(sample.provenance.hash);
// A key set, as the instance keeps one: each key is checked and imported once, not per ACU.
const keys = new AcuKeySet([ed25519.publicKey]);

const candidates = {
  ed25519: chain(ed25519),
  ecdsa: chain(ecdsa),
  stringifyHash: perAcu(async () => {
    for (let i = 0; i < PER_SAMPLE; i++) await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify(draft)));
  }),
  bareSign: perAcu(async () => {
    for (let i = 0; i < PER_SAMPLE; i++) await ed25519.sign(signedBytes);
  }),
  verify: perAcu(async () => {
    for (let i = 0; i < PER_SAMPLE; i++) await verifyAcu(sample, keys);
  }),
};

await compare(3, candidates);
const median = await compare(ROUNDS, candidates);
const ms = (name: keyof typeof candidates) => median[name] ?? Number.NaN;
const fmt = (value: number) => `${value.toFixed(4)} ms/ACU`;
const platform =
  (globalThis as { process?: { version?: string } }).process?.version !== undefined
    ? `Node ${(globalThis as { process?: { version?: string } }).process?.version}`
    : (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;

report(
  `ACU create per message, ${encoder.encode(TEXT).length} B of text, median of ${ROUNDS} × ${PER_SAMPLE} (${platform})`,
  [
    ['JSON.stringify + SHA-256 (baseline)', fmt(ms('stringifyHash'))],
    ['bare subtle.sign Ed25519 (baseline)', fmt(ms('bareSign'))],
    ['createAcu Ed25519 (whole path)', fmt(ms('ed25519'))],
    ['createAcu ECDSA P-256 (fallback)', fmt(ms('ecdsa'))],
    ['verifyAcu Ed25519 (schema, hash, signature)', fmt(ms('verify'))],
    ['ratio createAcu Ed25519 / stringify+hash', (ms('ed25519') / ms('stringifyHash')).toFixed(2)],
    ['ratio createAcu Ed25519 / bare sign', (ms('ed25519') / ms('bareSign')).toFixed(2)],
    ['goal: createAcu < 1 ms/ACU (both algorithms)', ms('ed25519') < 1 && ms('ecdsa') < 1 ? 'met' : 'NOT met'],
  ],
);
