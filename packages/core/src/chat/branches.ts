import type { MessageRecord } from '../store/schema.js';

/** One message of the path shown, and where it sits among its siblings (for "‹ 2/3 ›"). */
export interface BranchStep {
  message: MessageRecord;
  /** Position among the messages that share its parent (answers regenerated, questions edited), from 0, oldest first. */
  index: number;
  /** How many messages share its parent, itself included. */
  count: number;
  /** The sibling written just before it, if any. */
  previousId: string | undefined;
  /** The sibling written just after it, if any. */
  nextId: string | undefined;
}

/** A conversation's messages indexed as the tree their `parentId`s make. */
export interface MessageTree {
  byId: ReadonlyMap<string, MessageRecord>;
  /** Children by parent id (`null` for the roots), in the order the messages came in. */
  children: ReadonlyMap<string | null, readonly MessageRecord[]>;
  /** The most recently written message (the last one given), if any. */
  newest: MessageRecord | undefined;
}

/** Indexes `messages` (in creation order, as `tessera.chat.messages()` returns them) by parent. */
export function messageTree(messages: readonly MessageRecord[]): MessageTree {
  const byId = new Map<string, MessageRecord>();
  const children = new Map<string | null, MessageRecord[]>();
  for (const message of messages) {
    byId.set(message.id, message);
    const siblings = children.get(message.parentId);
    if (siblings) siblings.push(message);
    else children.set(message.parentId, [message]);
  }
  return { byId, children, newest: messages.at(-1) };
}

/** The messages from the conversation's start down to `messageId`, inclusive; empty when it is unknown. */
export function pathTo(tree: MessageTree, messageId: string | null | undefined): MessageRecord[] {
  const path: MessageRecord[] = [];
  const seen = new Set<string>();
  let current = messageId ? tree.byId.get(messageId) : undefined;
  // `seen` stops at a cycle, which only a corrupted or hand-edited store could hold.
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current);
    current = current.parentId === null ? undefined : tree.byId.get(current.parentId);
  }
  return path.reverse();
}

/** The leaf reached from `messageId` by following the newest child at each step (a branch as last left). */
export function newestLeaf(tree: MessageTree, messageId: string): string {
  let id = messageId;
  const seen = new Set<string>();
  for (;;) {
    seen.add(id);
    const next = tree.children.get(id)?.at(-1);
    if (!next || seen.has(next.id)) return id;
    id = next.id;
  }
}

/**
 * The path a chat shows: from the start down to `leafId` (extended to the newest leaf below it when
 * it has children), or to the most recently written message when `leafId` is absent or unknown.
 * Each step says where its message sits among its siblings. Pure: give it every message of every
 * branch, as `tessera.chat.messages()` returns them.
 */
export function activeBranch(messages: readonly MessageRecord[] | MessageTree, leafId?: string): BranchStep[] {
  const tree = 'byId' in messages ? messages : messageTree(messages);
  const start = leafId && tree.byId.has(leafId) ? leafId : tree.newest?.id;
  if (!start) return [];
  return pathTo(tree, newestLeaf(tree, start)).map((message) => {
    const siblings = tree.children.get(message.parentId) ?? [message];
    const index = siblings.indexOf(message);
    return {
      message,
      index,
      count: siblings.length,
      previousId: siblings[index - 1]?.id,
      nextId: siblings[index + 1]?.id,
    };
  });
}
