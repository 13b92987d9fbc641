import type { ImportedConversation, ImportedMemory, ImportedMessage, SkippedItem } from './imported.js';
import { label, toIso } from './values.js';

/** What a ZIP told us about the files it holds, so references can name and locate them. */
export interface AssetIndex {
  /** The original file name and the path in the archive of an asset the export refers to by id or pointer. */
  resolve(ref: string): { name?: string; archivePath?: string } | undefined;
}

interface Tally {
  count: number;
  describe: (count: number) => string;
  examples: string[];
}

const EXAMPLES = 3;

/**
 * Everything an importer reports besides the conversations it yields: skipped items (each with
 * where and why), warnings (tallied, so 10,000 attachments make one line, not 10,000), memories.
 */
export class ImportContext {
  readonly skipped: SkippedItem[] = [];
  readonly memories: ImportedMemory[] = [];
  assets: AssetIndex | undefined;
  /** The file being read, when the input held several (a ZIP): prefixed to `where`. */
  file: string | undefined;
  private readonly tallies = new Map<string, Tally>();
  private readonly notes: string[] = [];

  /** For `toIso`: a time written without a zone was read as UTC. */
  readonly noZone = (): void =>
    this.tally(
      'no-zone',
      (n) =>
        `${plural(n, 'time')} ${verb(n, 'carries', 'carry')} no time zone and ${verb(n, 'was', 'were')} read as UTC`,
    );

  /** A time from any of the ways exports write one (see `toIso`); one that cannot be read is counted. */
  time(value: unknown): string | undefined {
    const iso = toIso(value, this.noZone);
    if (iso === undefined && value !== undefined && value !== null && value !== '') {
      this.tally('bad-time', (n) => `${plural(n, 'time')} could not be read and ${n === 1 ? 'was' : 'were'} left out`);
    }
    return iso;
  }

  skip(where: string, why: string): void {
    this.skipped.push({ where: this.file ? `${this.file}: ${where}` : where, why });
  }

  /** A one-off warning. */
  warn(text: string): void {
    this.notes.push(text);
  }

  /** A warning that may recur: counted under `key`, described once with a few examples. */
  tally(key: string, describe: (count: number) => string, example?: string): void {
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { count: 0, describe, examples: [] };
      this.tallies.set(key, tally);
    }
    tally.count++;
    if (example !== undefined && tally.examples.length < EXAMPLES && !tally.examples.includes(example)) {
      tally.examples.push(example);
    }
  }

  warnings(): string[] {
    const out = [...this.notes];
    for (const tally of this.tallies.values()) {
      const examples = tally.examples.length ? ` (for example ${tally.examples.join('; ')})` : '';
      out.push(`${tally.describe(tally.count)}${examples}.`);
    }
    return out;
  }
}

/** `one` for a count of one, `many` otherwise: `${plural(n, 'message')} ${verb(n, 'carries', 'carry')} …`. */
export function verb(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

export function conversationWhere(title: string | undefined, id: string): string {
  const name = label(title);
  return name ? `conversation "${name}" (${id})` : `conversation ${id}`;
}

export function messageWhere(conversation: string, id: string): string {
  return `${conversation} › message ${id}`;
}

export type ConversationMeta = Omit<ImportedConversation, 'messages'>;

/**
 * Turns a conversation's messages, as a format read them, into a well-formed tree: duplicate ids
 * reported and skipped, parents that are not in the export (a partial tree) made roots, cycles
 * broken, and the messages ordered parents first (depth first, siblings in source order, so each
 * branch reads contiguously). `undefined` when no message is left: a conversation is not imported
 * empty, it is reported.
 */
export function finishConversation(
  ctx: ImportContext,
  meta: ConversationMeta,
  messages: readonly ImportedMessage[],
  where: string,
): ImportedConversation | undefined {
  const byId = new Map<string, ImportedMessage>();
  for (const message of messages) {
    if (byId.has(message.sourceId)) {
      ctx.skip(messageWhere(where, message.sourceId), 'a second message with the same id; the first one was kept');
      continue;
    }
    byId.set(message.sourceId, message);
  }
  if (byId.size === 0) {
    ctx.skip(where, 'it has no messages');
    return undefined;
  }
  const children = new Map<string | null, ImportedMessage[]>();
  for (const message of byId.values()) {
    let parent = message.parentSourceId;
    if (parent !== null && (parent === message.sourceId || !byId.has(parent))) {
      ctx.tally(
        'missing-parent',
        (n) =>
          `${plural(n, 'message')} ${verb(n, 'answers', 'answer')} a message that is not in the export (a partial tree); ${verb(n, 'it starts', 'each starts')} its own thread`,
        messageWhere(where, message.sourceId),
      );
      message.parentSourceId = null;
      parent = null;
    }
    let siblings = children.get(parent);
    if (!siblings) {
      siblings = [];
      children.set(parent, siblings);
    }
    siblings.push(message);
  }

  const ordered: ImportedMessage[] = [];
  const visited = new Set<string>();
  const walk = (root: ImportedMessage) => {
    const stack = [root];
    while (stack.length) {
      const message = stack.pop()!;
      if (visited.has(message.sourceId)) continue;
      visited.add(message.sourceId);
      ordered.push(message);
      const next = children.get(message.sourceId);
      if (next) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
    }
  };
  for (const root of children.get(null) ?? []) walk(root);
  // Whatever no root reaches sits on a cycle (a → b → a): break it at its first message in source order.
  if (ordered.length < byId.size) {
    for (const message of byId.values()) {
      if (visited.has(message.sourceId)) continue;
      ctx.warn(
        `${messageWhere(where, message.sourceId)}: its parents loop back to it; it was made the start of its thread.`,
      );
      const siblings = children.get(message.parentSourceId);
      if (siblings) siblings.splice(siblings.indexOf(message), 1);
      message.parentSourceId = null;
      walk(message);
    }
  }
  const leaf = meta.activeLeafSourceId;
  return compact({
    ...meta,
    activeLeafSourceId: leaf !== undefined && byId.has(leaf) ? leaf : undefined,
    messages: ordered,
  });
}

/** `value` without its `undefined` properties, so records serialize the same whichever way they were built. */
export function compact<T extends object>(value: T): T {
  let clean = true;
  for (const key in value) {
    if (value[key] === undefined) {
      clean = false;
      break;
    }
  }
  if (clean) return value;
  // A new object rather than \`delete\`, which would leave the record in V8's slow dictionary mode.
  const out = {} as T;
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/** Sibling sets (messages sharing a parent, `null` included) with more than one message. */
export function countBranches(messages: readonly ImportedMessage[]): number {
  const sizes = new Map<string | null, number>();
  for (const message of messages) sizes.set(message.parentSourceId, (sizes.get(message.parentSourceId) ?? 0) + 1);
  let branches = 0;
  for (const size of sizes.values()) if (size > 1) branches++;
  return branches;
}
