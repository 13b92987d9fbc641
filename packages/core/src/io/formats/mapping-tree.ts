import { type ImportContext, messageWhere } from '../context.js';
import type { ImportedMessage } from '../imported.js';
import { isObject, type JsonObject } from '../values.js';

/**
 * The `mapping` tree ChatGPT and DeepSeek share: a dictionary of nodes, each naming its parent and
 * children. `parent` is what a node says about itself and is taken as the truth; the children
 * arrays give sibling order and fill in a parent a node left out.
 */
export interface MappingNode {
  key: string;
  parent: string | undefined;
  children: string[];
  message: unknown;
}

export interface MappingTree {
  nodes: Map<string, MappingNode>;
  /** Keys whose value is not a node object. */
  invalid: string[];
}

export function readMapping(mapping: JsonObject): MappingTree {
  const nodes = new Map<string, MappingNode>();
  const invalid: string[] = [];
  for (const key of Object.keys(mapping)) {
    const node = mapping[key];
    if (!isObject(node)) {
      invalid.push(key);
      continue;
    }
    const children = Array.isArray(node.children)
      ? node.children.filter((c): c is string => typeof c === 'string')
      : [];
    nodes.set(key, {
      key,
      parent: typeof node.parent === 'string' ? node.parent : undefined,
      children,
      message: node.message,
    });
  }
  // A node that leaves out `parent` but is listed as someone's child belongs to them.
  for (const node of nodes.values()) {
    for (const child of node.children) {
      const target = nodes.get(child);
      if (target && target.parent === undefined && child !== node.key) target.parent = node.key;
    }
  }
  return { nodes, invalid };
}

/**
 * Node keys in reading order: depth first from the roots along the children arrays (so siblings
 * keep the order the source gave them), then any node no children array reaches, in mapping order.
 */
export function treeOrder(tree: MappingTree): string[] {
  const { nodes } = tree;
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (start: string) => {
    const stack = [start];
    while (stack.length) {
      const key = stack.pop()!;
      if (seen.has(key)) continue;
      const node = nodes.get(key);
      if (!node) continue;
      seen.add(key);
      order.push(key);
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i]!;
        // Follow only children that agree they are this node's.
        if (nodes.get(child)?.parent === key) stack.push(child);
      }
    }
  };
  for (const node of nodes.values()) if (node.parent === undefined || !nodes.has(node.parent)) visit(node.key);
  for (const key of nodes.keys()) if (!seen.has(key)) visit(key);
  return order;
}

/**
 * The parent each imported node gets: its nearest ancestor that was imported, skipping nodes that
 * were not (an empty root, a skipped message). A parent the mapping does not hold is returned as
 * it is, so the conversation builder reports it as missing. `null` for a first message.
 */
export function importedParent(tree: MappingTree, key: string, imported: ReadonlySet<string>): string | null {
  const seen = new Set<string>([key]);
  let parent = tree.nodes.get(key)?.parent;
  while (parent !== undefined) {
    if (imported.has(parent)) return parent;
    const node = tree.nodes.get(parent);
    if (!node) return parent;
    if (seen.has(parent)) return null;
    seen.add(parent);
    parent = node.parent;
  }
  return null;
}

/**
 * The messages of a conversation's `mapping`, every branch, parents first, each linked to its
 * nearest imported ancestor. Reports what it cannot import: a missing tree (returns undefined),
 * nodes that are not objects, and empty nodes that once were turns (the empty root is structure).
 * `convert` reads one node's message in the format's own shape; `isEmpty` says which messages are
 * no message at all.
 */
export function readMappingMessages(
  mapping: unknown,
  where: string,
  ctx: ImportContext,
  convert: (key: string, message: unknown, where: string) => ImportedMessage | undefined,
  isEmpty: (message: unknown) => boolean = (message) => message === null || message === undefined,
): ImportedMessage[] | undefined {
  if (!isObject(mapping)) {
    ctx.skip(where, 'it has no message tree (`mapping` is missing), so there is nothing to import');
    return undefined;
  }
  const tree = readMapping(mapping);
  for (const key of tree.invalid) ctx.skip(messageWhere(where, key), 'the node is not an object');
  const converted = new Map<string, ImportedMessage>();
  for (const key of treeOrder(tree)) {
    const node = tree.nodes.get(key)!;
    if (isEmpty(node.message)) {
      if (node.parent !== undefined && tree.nodes.has(node.parent)) {
        ctx.skip(messageWhere(where, key), 'the node has no message (a removed or failed turn)');
      }
      continue;
    }
    const message = convert(key, node.message, messageWhere(where, key));
    if (message) converted.set(key, message);
  }
  const imported = new Set(converted.keys());
  return [...converted].map(([key, message]) => {
    message.parentSourceId = importedParent(tree, key, imported);
    return message;
  });
}
