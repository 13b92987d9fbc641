import * as z from 'zod/mini';
import type { Acu } from '../../acu/schema.js';
import type { AcuPublicKey } from '../../acu/signing.js';

/**
 * Tessera's archive, version 2: the user's ACUs as they are (hashes and signatures included), with
 * the owner's public key, so anyone can verify them and an import can store them unchanged.
 * Version 1 (the neutral model, `formats/tessera.ts`) is still read by `parseImport`.
 */

export const ACU_ARCHIVE_FORMAT = 'tessera-archive';
export const ACU_ARCHIVE_VERSION = 2;

export interface AcuArchiveConversation {
  id: string;
  title: string;
  createdAt: string;
  /** Every ACU of the conversation, every branch, parents before their children. */
  acus: Acu[];
}

export interface AcuArchive {
  format: typeof ACU_ARCHIVE_FORMAT;
  version: typeof ACU_ARCHIVE_VERSION;
  exportedAt: string;
  owner: { id: string; publicKey: AcuPublicKey };
  conversations: AcuArchiveConversation[];
}

/**
 * The archive's frame. ACUs are left `unknown` here: each is checked on its own (schema, hash,
 * signature, chain) so one damaged ACU is reported and the rest import.
 */
export const acuArchiveSchema = z.object({
  format: z.literal(ACU_ARCHIVE_FORMAT),
  version: z.literal(ACU_ARCHIVE_VERSION),
  exportedAt: z.string(),
  owner: z.object({ id: z.string().check(z.minLength(1)), publicKey: z.unknown() }),
  conversations: z.array(
    z.object({
      id: z.string().check(z.minLength(1)),
      title: z.string(),
      createdAt: z.string(),
      acus: z.array(z.unknown()),
    }),
  ),
});

/** Parents before their children (then by id), whatever order the ACUs were listed in. */
export function parentFirst(acus: readonly Acu[]): Acu[] {
  const byParent = new Map<string | null, Acu[]>();
  const ids = new Set(acus.map((a) => a.id));
  for (const acu of acus) {
    const parent =
      acu.provenance.parentId !== null && ids.has(acu.provenance.parentId) ? acu.provenance.parentId : null;
    const siblings = byParent.get(parent);
    if (siblings) siblings.push(acu);
    else byParent.set(parent, [acu]);
  }
  for (const siblings of byParent.values()) siblings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ordered: Acu[] = [];
  const stack = [...(byParent.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const acu = stack.pop() as Acu;
    ordered.push(acu);
    const children = byParent.get(acu.id);
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Acu);
  }
  // A cycle (only possible in damaged data) leaves ACUs unreached: keep them, at the end.
  if (ordered.length < acus.length) {
    const seen = new Set(ordered.map((a) => a.id));
    for (const acu of acus) if (!seen.has(acu.id)) ordered.push(acu);
  }
  return ordered;
}
