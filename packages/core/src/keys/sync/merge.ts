import type { KeyringPlaintext, RemovedKey, SyncedKey } from './envelope.js';

type Entry = { kind: 'key'; key: SyncedKey } | { kind: 'removed'; removed: RemovedKey };

/** What merging this device's keyring with the saved one decided. */
export interface MergeResult {
  /** The keyring both sides should now hold. */
  merged: KeyringPlaintext;
  /** Keys this device must take (newer elsewhere). */
  toSet: SyncedKey[];
  /** Keys this device must drop (removed elsewhere, later than they were added here). */
  toRemove: string[];
  /** The saved keyring lacks something this device has: push the merge. */
  savedIsBehind: boolean;
}

const timeOf = (entry: Entry) => Date.parse(entry.kind === 'key' ? entry.key.addedAt : entry.removed.removedAt);
const sameKey = (a: SyncedKey, b: SyncedKey) =>
  a.apiKey === b.apiKey && a.baseURL === b.baseURL && a.addedAt === b.addedAt;
const sameEntry = (a: Entry | undefined, b: Entry | undefined) =>
  a === b ||
  (a?.kind === 'key' && b?.kind === 'key' && a.key.provider === b.key.provider && sameKey(a.key, b.key)) ||
  (a?.kind === 'removed' && b?.kind === 'removed' && a.removed.removedAt === b.removed.removedAt);

/**
 * The newer of two entries for one provider. Ties are broken the same way on every device (a key
 * beats a removal, then by content), so two devices merging the same pair agree without talking.
 */
function newer(a: Entry | undefined, b: Entry | undefined): Entry | undefined {
  if (!a || !b) return a ?? b;
  const difference = timeOf(a) - timeOf(b);
  if (difference !== 0) return difference > 0 ? a : b;
  if (a.kind !== b.kind) return a.kind === 'key' ? a : b;
  if (a.kind === 'key' && b.kind === 'key') {
    const left = `${a.key.apiKey}\n${a.key.baseURL ?? ''}`;
    const right = `${b.key.apiKey}\n${b.key.baseURL ?? ''}`;
    return left >= right ? a : b;
  }
  return a;
}

function byProvider(keyring: KeyringPlaintext): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const removed of keyring.removed) {
    entries.set(removed.provider, newer(entries.get(removed.provider), { kind: 'removed', removed }) as Entry);
  }
  for (const key of keyring.keys) {
    entries.set(key.provider, newer(entries.get(key.provider), { kind: 'key', key }) as Entry);
  }
  return entries;
}

/**
 * Merges by provider, the newest change winning: a key by when it was added, a removal by when it
 * was removed. Nothing is dropped silently: a key survives unless something newer replaced or
 * removed it, on whichever device.
 */
export function mergeKeyrings(local: KeyringPlaintext, saved: KeyringPlaintext): MergeResult {
  const mine = byProvider(local);
  const theirs = byProvider(saved);
  const merged: KeyringPlaintext = { keys: [], removed: [] };
  const toSet: SyncedKey[] = [];
  const toRemove: string[] = [];
  let savedIsBehind = false;
  for (const provider of [...new Set([...mine.keys(), ...theirs.keys()])].sort()) {
    const here = mine.get(provider);
    const there = theirs.get(provider);
    const winner = newer(here, there) as Entry;
    if (winner.kind === 'key') merged.keys.push(winner.key);
    else merged.removed.push(winner.removed);
    if (!sameEntry(winner, there)) savedIsBehind = true;
    if (winner.kind === 'key' && !(here?.kind === 'key' && sameKey(here.key, winner.key))) toSet.push(winner.key);
    if (winner.kind === 'removed' && here?.kind === 'key') toRemove.push(provider);
  }
  return { merged, toSet, toRemove, savedIsBehind };
}
