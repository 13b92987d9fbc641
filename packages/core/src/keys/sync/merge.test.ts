import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyringPlaintext } from './envelope.js';
import { mergeKeyrings } from './merge.js';

const key = (provider: string, apiKey: string, addedAt: string) => ({ provider, apiKey, addedAt });
const removed = (provider: string, removedAt: string) => ({ provider, removedAt });
const at = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;

test('each provider takes its newest change, from either side', () => {
  const local: KeyringPlaintext = {
    keys: [key('openai', 'sk-local', at(5)), key('groq', 'gsk-local', at(1))],
    removed: [removed('mistral', at(9))],
  };
  const saved: KeyringPlaintext = {
    keys: [key('openai', 'sk-saved', at(3)), key('groq', 'gsk-saved', at(2)), key('mistral', 'm-saved', at(4))],
    removed: [],
  };
  const result = mergeKeyrings(local, saved);
  assert.deepEqual(result.merged, {
    keys: [key('groq', 'gsk-saved', at(2)), key('openai', 'sk-local', at(5))],
    removed: [removed('mistral', at(9))],
  });
  assert.deepEqual(result.toSet, [key('groq', 'gsk-saved', at(2))]);
  assert.deepEqual(result.toRemove, []);
  assert.equal(result.savedIsBehind, true);
});

test('a removal elsewhere drops the older key here; a key re-added later survives an older removal', () => {
  const local: KeyringPlaintext = { keys: [key('anthropic', 'a', at(1)), key('xai', 'x', at(8))], removed: [] };
  const saved: KeyringPlaintext = { keys: [], removed: [removed('anthropic', at(2)), removed('xai', at(7))] };
  const result = mergeKeyrings(local, saved);
  assert.deepEqual(result.toRemove, ['anthropic']);
  assert.deepEqual(result.merged, { keys: [key('xai', 'x', at(8))], removed: [removed('anthropic', at(2))] });
  assert.equal(result.savedIsBehind, true);
});

test('two devices merging the same pair agree, ties included, and nothing is pushed when equal', () => {
  const a: KeyringPlaintext = { keys: [key('openai', 'sk-a', at(4)), key('groq', 'g', at(1))], removed: [] };
  const b: KeyringPlaintext = { keys: [key('openai', 'sk-b', at(4))], removed: [removed('groq', at(1))] };
  const ab = mergeKeyrings(a, b).merged;
  const ba = mergeKeyrings(b, a).merged;
  assert.deepEqual(ab, ba);
  // At the same instant a key beats a removal, and the larger key beats the smaller.
  assert.deepEqual(ab.keys, [key('groq', 'g', at(1)), key('openai', 'sk-b', at(4))]);
  const settled = mergeKeyrings(ab, ab);
  assert.equal(settled.savedIsBehind, false);
  assert.deepEqual([settled.toSet, settled.toRemove], [[], []]);
});
