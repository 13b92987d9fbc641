/**
 * Conformance of the importers against the real exports in ../shared/fixtures/exports (see
 * ../shared/fixtures/SOURCES-exports-pii-ledger-compliance.md). For every sample the expected
 * counts are derived here, independently of the importers, from the raw JSON (mapping nodes that
 * carry a message, siblings that carry messages, …); the import must match them, leave no message
 * without its parent, and explain in `skipped` everything it did not import. Skips, saying so,
 * where the folder is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { TesseraError } from '../errors/tessera-error.js';
import { parseImport } from './import.js';
import {
  type ImportedConversation,
  type ImportedPart,
  type ImportResult,
  importedConversationSchema,
  importedMemorySchema,
  importReportSchema,
} from './imported.js';

const dir = fileURLToPath(new URL('../../../../../shared/fixtures/exports/', import.meta.url));
const present = existsSync(join(dir, 'export-chatgpt-1.json'));
const skip = present ? false : `../shared/fixtures/exports is absent (looked in ${dir})`;
if (!present) console.log(`# SKIP io conformance: ${skip}`);

// biome-ignore lint/suspicious/noExplicitAny: raw export JSON, read loosely on purpose
type Raw = any;
const raw = (name: string): Raw => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const bytes = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

interface Expected {
  format: string;
  conversationIds: string[];
  /** Messages the file holds (each either imported or skipped). */
  messagesInFile: number;
  acus: number;
  branches: number;
  memories: number;
  /** A fragment of each skipped item's `where` (its id), one per skipped item. */
  skipped: string[];
}

const none = { memories: 0, skipped: [] as string[] };

/** Count sibling sets of more than one among `parents` (one entry per message: its parent's key). */
function siblingSets(parents: readonly unknown[]): number {
  const sizes = new Map<unknown, number>();
  for (const parent of parents) sizes.set(parent, (sizes.get(parent) ?? 0) + 1);
  return [...sizes.values()].filter((n) => n > 1).length;
}

/** ChatGPT and DeepSeek: mapping nodes carrying a message are messages; a node whose message-carrying children number more than one is a branch. */
function deriveMapping(format: string, conversations: Raw[]): Expected {
  const out: Expected = { format, conversationIds: [], messagesInFile: 0, acus: 0, branches: 0, ...none, skipped: [] };
  for (const c of conversations) {
    const id = c.conversation_id ?? c.id;
    const mapping = c.mapping;
    const nodes: Raw[] = mapping ? Object.values(mapping) : [];
    const withMessage = nodes.filter((n) => n.message);
    if (!withMessage.length) {
      out.skipped.push(id);
      continue;
    }
    out.conversationIds.push(id);
    out.messagesInFile += withMessage.length;
    out.acus += withMessage.length;
    for (const n of nodes) {
      if ((n.children ?? []).filter((k: string) => mapping[k]?.message).length > 1) out.branches++;
    }
  }
  return out;
}

const CLAUDE_BLOCKS = new Set(['text', 'thinking', 'tool_use', 'tool_result', 'image', 'voice_note', 'token_budget']);

function deriveClaude(items: Raw[]): Expected {
  const out: Expected = {
    format: 'claude',
    conversationIds: [],
    messagesInFile: 0,
    acus: 0,
    branches: 0,
    ...none,
    skipped: [],
  };
  for (const c of items) {
    if ('conversations_memory' in c || 'memory_files' in c) {
      out.memories += (c.conversations_memory ? 1 : 0) + (c.memory_files ?? []).length;
      continue;
    }
    const messages: Raw[] = c.chat_messages ?? c.messages;
    out.conversationIds.push(c.uuid);
    out.messagesInFile += messages.length;
    out.acus += messages.length;
    if (messages.some((m) => m.parent_message_uuid))
      out.branches += siblingSets(messages.map((m) => m.parent_message_uuid));
    for (const m of messages) {
      (Array.isArray(m.content) ? m.content : []).forEach((b: Raw, i: number) => {
        if (!CLAUDE_BLOCKS.has(b.type)) out.skipped.push(`${m.uuid} › content[${i}]`);
      });
      (m.content?.contentBlocks ?? []).forEach((b: Raw, i: number) => {
        if (!['thinking', 'text', 'tool_call', 'error'].includes(b.type)) out.skipped.push(`contentBlocks[${i}]`);
      });
    }
  }
  return out;
}

const PROMPTED = /^(Prompted |送信したメッセージ: )/;

/** Gemini: a row with a prompt prefix or an answer is an exchange; rows sharing a gemini.google.com link are one conversation. */
function deriveGemini(rows: Raw[]): Expected {
  const out: Expected = {
    format: 'gemini',
    conversationIds: [],
    messagesInFile: 0,
    acus: 0,
    branches: 0,
    ...none,
    skipped: [],
  };
  const threads = new Set<string>();
  rows.forEach((row, i) => {
    const answers = (row.safeHtmlItem ?? []).length;
    if (!PROMPTED.test(row.title) && !answers) {
      out.skipped.push(`item ${i + 1} "`);
      return;
    }
    out.messagesInFile += 1 + (answers ? 1 : 0);
    const url = row.titleUrl ? new URL(row.titleUrl) : undefined;
    const thread = url?.hostname === 'gemini.google.com' ? url.pathname.split('/').pop() : undefined;
    if (thread) threads.add(thread);
    else out.conversationIds.push(`(row ${i + 1})`);
  });
  out.conversationIds.unshift(...threads);
  out.acus = out.messagesInFile;
  return out;
}

function deriveOpenWebUi(chats: Raw[]): Expected {
  const out: Expected = {
    format: 'openwebui',
    conversationIds: [],
    messagesInFile: 0,
    acus: 0,
    branches: 0,
    ...none,
    skipped: [],
  };
  for (const c of chats) {
    const messages: Raw[] = Object.values(c.chat.history.messages);
    out.conversationIds.push(c.id);
    out.messagesInFile += messages.length;
    out.acus += messages.length;
    out.branches += siblingSets(messages.map((m) => m.parentId));
  }
  return out;
}

function deriveLibreChat(conversation: Raw): Expected {
  const flat: Raw[] = [];
  const walk = (list: Raw[]) => {
    for (const m of list) {
      flat.push(m);
      walk(m.children ?? []);
    }
  };
  walk(conversation.messages);
  return {
    format: 'librechat',
    conversationIds: [conversation.conversationId],
    messagesInFile: flat.length,
    acus: flat.length,
    branches: siblingSets(flat.map((m) => m.parentMessageId ?? null)),
    ...none,
  };
}

const simple = (format: string, ids: string[], messages: number, skipped: string[] = []): Expected => ({
  format,
  conversationIds: ids,
  messagesInFile: messages,
  acus: messages,
  branches: 0,
  memories: 0,
  skipped,
});

/** How each sample's expectations are derived from its own bytes. */
const DERIVE: Record<string, () => Expected> = {
  'export-aistudio-1.json': () => {
    const d = raw('export-aistudio-1.json');
    return simple('aistudio', [d.id], d.chunkedPrompt.chunks.length + (d.systemInstruction?.text ? 1 : 0));
  },
  'export-chatbotui-1.json': () => {
    const d = raw('export-chatbotui-1.json');
    const messages = d.history.reduce((n: number, c: Raw) => n + c.messages.length + (c.prompt ? 1 : 0), 0);
    const skipped = [...d.prompts, ...d.folders].map((p: Raw) => p.id);
    return simple(
      'chatbot-ui',
      d.history.map((c: Raw) => c.id),
      messages,
      skipped,
    );
  },
  'export-chatgpt-1.json': () => deriveMapping('chatgpt', raw('export-chatgpt-1.json')),
  'export-chatgpt-2.json': () => deriveMapping('chatgpt', raw('export-chatgpt-2.json')),
  'export-chatgpt-3.json': () => deriveMapping('chatgpt', raw('export-chatgpt-3.json')),
  'export-chatgpt-4.json': () => deriveMapping('chatgpt', raw('export-chatgpt-4.json')),
  'export-chatgpt-5.json': () => deriveMapping('chatgpt', [raw('export-chatgpt-5.json')]),
  'export-chatgpt-6.json': () => deriveMapping('chatgpt', [raw('export-chatgpt-6.json')]),
  'export-chatgpt-7.json': () => deriveMapping('chatgpt', raw('export-chatgpt-7.json')),
  'export-chatgpt-8-sharded-000.json': () => deriveMapping('chatgpt', raw('export-chatgpt-8-sharded-000.json')),
  'export-chatgpt-8-sharded-001.json': () => deriveMapping('chatgpt', raw('export-chatgpt-8-sharded-001.json')),
  'export-chatgpt-9-schema-synthetic.json': () =>
    deriveMapping('chatgpt', [raw('export-chatgpt-9-schema-synthetic.json')]),
  'export-claude-1.json': () => deriveClaude(raw('export-claude-1.json')),
  'export-claude-2.json': () => deriveClaude(raw('export-claude-2.json')),
  'export-claude-3.json': () => deriveClaude(raw('export-claude-3.json')),
  'export-claude-4-memories_v2.json': () => deriveClaude(raw('export-claude-4-memories_v2.json')),
  'export-claude-5-design_chat.json': () => deriveClaude([raw('export-claude-5-design_chat.json')]),
  'export-claude-6-schema-synthetic.json': () => deriveClaude([raw('export-claude-6-schema-synthetic.json')]),
  'export-copilot-1-excerpt.csv': () => {
    const rows = readFileSync(join(dir, 'export-copilot-1-excerpt.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    // Copilot has no ids: one conversation per distinct name (the first, quoted column); ids are derived.
    const names = new Set(rows.map((r) => r.split('",')[0]));
    return simple(
      'copilot',
      [...names].map((n) => `(${n})`),
      rows.length,
    );
  },
  'export-deepseek-1.json': () => deriveMapping('deepseek', [raw('export-deepseek-1.json')]),
  'export-gemini-1.json': () => deriveGemini(raw('export-gemini-1.json')),
  'export-grok-1.json': () => {
    const d = raw('export-grok-1.json');
    return simple(
      'grok',
      d.conversations.map(() => '(derived)'),
      d.conversations.reduce((n: number, c: Raw) => n + c.responses.length, 0),
    );
  },
  'export-librechat-1.json': () => deriveLibreChat(raw('export-librechat-1.json')),
  'export-librechat-2.json': () => deriveLibreChat(raw('export-librechat-2.json')),
  'export-librechat-3.json': () => deriveLibreChat(raw('export-librechat-3.json')),
  'export-librechat-4.json': () => deriveLibreChat(raw('export-librechat-4.json')),
  'export-openwebui-1.json': () => deriveOpenWebUi(raw('export-openwebui-1.json')),
  'export-sillytavern-1.jsonl': () => {
    const lines = readFileSync(join(dir, 'export-sillytavern-1.jsonl'), 'utf8').trim().split('\n');
    return simple('sillytavern', ['(derived)'], lines.length - 1);
  },
};

/** Side files of a sharded ChatGPT export: not conversations on their own. */
const SIDE_FILES = ['export-chatgpt-8-export_manifest.json', 'export-chatgpt-8-conversation_asset_file_names.json'];

/** Structural checks every import must pass, whatever the format. */
function checkWellFormed(result: ImportResult): void {
  importReportSchema.parse(result.report);
  for (const memory of result.memories) importedMemorySchema.parse(memory);
  for (const conversation of result.conversations) {
    importedConversationSchema.parse(conversation);
    const seen = new Set<string>();
    for (const message of conversation.messages) {
      assert.ok(!seen.has(message.sourceId), `${conversation.sourceId}: ${message.sourceId} appears twice`);
      assert.ok(
        message.parentSourceId === null || seen.has(message.parentSourceId),
        `${conversation.sourceId}: ${message.sourceId}'s parent ${message.parentSourceId} is missing or comes after it`,
      );
      seen.add(message.sourceId);
    }
    if (conversation.activeLeafSourceId !== undefined) assert.ok(seen.has(conversation.activeLeafSourceId));
  }
}

const messageSkips = (result: ImportResult) =>
  result.report.skipped.filter((s) => /› message [^›]+$/.test(s.where)).length;

async function importSample(name: string): Promise<ImportResult> {
  return parseImport(new File([bytes(name)], name));
}

test('every real sample in the folder has a conformance check', { skip }, () => {
  const samples = readdirSync(dir).filter((f) => f.startsWith('export-'));
  const unchecked = samples.filter((f) => !(f in DERIVE) && !SIDE_FILES.includes(f));
  assert.deepEqual(unchecked, [], 'a new sample needs a derivation in DERIVE');
});

for (const [name, derive] of Object.entries(DERIVE)) {
  test(`conformance: ${name}`, { skip: skip || (!existsSync(join(dir, name)) && `${name} is absent`) }, async () => {
    const expected = derive();
    const result = await importSample(name);
    const { report } = result;
    checkWellFormed(result);
    assert.equal(report.format, expected.format);
    assert.equal(report.conversations, expected.conversationIds.length, 'conversations');
    assert.equal(report.conversationIds.length, report.conversations);
    assert.deepEqual(
      report.conversationIds,
      result.conversations.map((c) => c.sourceId),
    );
    for (const id of expected.conversationIds) {
      if (!id.startsWith('(')) assert.ok(report.conversationIds.includes(id), `conversation ${id} imported`);
    }
    assert.equal(report.acus, expected.acus, 'acus');
    assert.equal(
      result.conversations.reduce((n, c) => n + c.messages.length, 0),
      report.acus,
    );
    assert.equal(report.branches, expected.branches, 'branches');
    assert.equal(report.memories, expected.memories, 'memories');
    // Everything the file holds is imported or explained.
    assert.equal(report.acus + messageSkips(result), expected.messagesInFile, 'messages imported + skipped');
    assert.equal(report.skipped.length, expected.skipped.length, JSON.stringify(report.skipped, null, 1));
    for (const fragment of expected.skipped) {
      assert.ok(
        report.skipped.some((s) => s.where.includes(fragment) && s.why.length > 10),
        `a skipped item for ${fragment}`,
      );
    }
  });
}

test('conformance: the sharded ChatGPT layout, as the ZIP holds it (manifest, shards, asset names)', {
  skip,
}, async () => {
  const manifest = raw('export-chatgpt-8-export_manifest.json');
  const zip = zipSync({
    'export_manifest.json': bytes('export-chatgpt-8-export_manifest.json'),
    'conversations-000.json': bytes('export-chatgpt-8-sharded-000.json'),
    'conversations-001.json': bytes('export-chatgpt-8-sharded-001.json'),
    'conversation_asset_file_names.json': bytes('export-chatgpt-8-conversation_asset_file_names.json'),
  });
  const result = await parseImport(new File([zip], 'export.zip'));
  checkWellFormed(result);
  const expected = deriveMapping('chatgpt', [
    ...raw('export-chatgpt-8-sharded-000.json'),
    ...raw('export-chatgpt-8-sharded-001.json'),
  ]);
  const present = new Set(['conversations-000.json', 'conversations-001.json']);
  const missing = manifest.logical_files['conversations.json'].files.filter((f: string) => !present.has(f));
  assert.equal(result.report.format, 'chatgpt');
  assert.deepEqual(result.report.conversationIds, expected.conversationIds);
  assert.equal(result.report.acus, expected.acus);
  assert.equal(result.report.branches, expected.branches);
  assert.deepEqual(
    result.report.skipped.map((s) => s.where),
    missing,
  );
  // conversation_asset_file_names.json names the files the conversations point at.
  const names = raw('export-chatgpt-8-conversation_asset_file_names.json');
  const parts = result.conversations.flatMap((c) => c.messages.flatMap((m) => m.parts));
  const named = (ref: string) =>
    parts.find((p): p is Extract<ImportedPart, { ref?: string }> => 'ref' in p && p.ref?.includes(ref) === true);
  assert.equal(named('file-abc123')?.name, names['file-abc123.dat']);
  assert.equal(named('file-doc999')?.name, names['file-doc999.dat']);
});

for (const name of SIDE_FILES) {
  test(`conformance: ${name} alone is refused, saying to import the ZIP`, { skip }, async () => {
    await assert.rejects(importSample(name), (error: unknown) => {
      assert.ok(error instanceof TesseraError);
      assert.equal(error.code, 'validation');
      assert.match(error.message, /ZIP/);
      return true;
    });
  });
}

// The quirks each sample is known for (SOURCES), checked on what the import made of them.

const byId = (c: ImportedConversation, id: string) => c.messages.find((m) => m.sourceId === id)!;
const childrenOf = (c: ImportedConversation, id: string | null) => c.messages.filter((m) => m.parentSourceId === id);

test('quirks: ChatGPT 1 — hidden system node, browsing tool calls and their results, citations kept', {
  skip,
}, async () => {
  const { conversations } = await importSample('export-chatgpt-1.json');
  const web = conversations[0]!;
  const system = web.messages[0]!;
  assert.equal(system.role, 'system');
  assert.equal(system.hidden, true);
  const call = web.messages.find((m) => m.parts[0]?.type === 'tool-call')!;
  assert.deepEqual(call.parts[0], { type: 'tool-call', toolName: 'browser', input: call.text });
  assert.ok(
    web.messages.some((m) => m.role === 'tool' && m.author === 'browser' && m.parts[0]?.type === 'tool-result'),
  );
  assert.ok(web.messages.every((m) => m.role !== 'assistant' || m.parts[0]?.type !== 'text' || m.model === 'gpt-4'));
});

test('quirks: ChatGPT 2 — every branch kept: active path 8 nodes (7 messages past the empty root), 5 off it', {
  skip,
}, async () => {
  const { conversations } = await importSample('export-chatgpt-2.json');
  const c = conversations[0]!;
  const path: string[] = [];
  for (let id: string | null | undefined = c.activeLeafSourceId; id; id = byId(c, id).parentSourceId) path.push(id);
  assert.equal(path.length, 7);
  assert.equal(c.messages.length - path.length, 5);
});

test('quirks: ChatGPT 3 — a parent outside the mapping makes a root and a warning; citation markers stay in the text', {
  skip,
}, async () => {
  const { conversations, report } = await importSample('export-chatgpt-3.json');
  const c = conversations[0]!;
  assert.equal(c.messages[0]!.parentSourceId, null);
  assert.match(report.warnings.join('\n'), /not in the export/);
  const answer = c.messages[1]!;
  assert.match(answer.text, /【3:0†source】/);
  const part = answer.parts[0]!;
  assert.ok(part.type === 'text' && part.citations?.length === 4 && part.citations[0]!.marker === '【3:0†source】');
});

test('quirks: ChatGPT 5 — reasoning_recap with two children is a branch; the hidden empty final is kept, marked', {
  skip,
}, async () => {
  const { conversations } = await importSample('export-chatgpt-5.json');
  const c = conversations[0]!;
  const kids = childrenOf(c, 'n5');
  assert.deepEqual(
    kids.map((m) => [m.sourceId, m.hidden ?? false, m.text]),
    [
      ['n6', true, ''],
      ['n7', false, 'question 2'],
    ],
  );
  assert.equal(byId(c, 'n5').parts[0]?.type, 'reasoning');
  assert.ok(byId(c, 'n1').parts.some((p) => p.type === 'image-reference' && p.ref === 'sediment://file_1'));
});

test('quirks: ChatGPT 6 — thoughts become reasoning parts; a call to web.run is a tool call', { skip }, async () => {
  const { conversations } = await importSample('export-chatgpt-6.json');
  const c = conversations[0]!;
  assert.deepEqual(byId(c, 'n4').parts, [
    { type: 'reasoning', text: 'thought 1', title: 'summary 1' },
    { type: 'reasoning', text: '', title: 'summary 1' },
  ]);
  assert.equal(byId(c, 'n2').parts[0]?.type, 'tool-call');
});

test('quirks: ChatGPT 7 — a regenerated answer is a branch with each sibling’s own model', { skip }, async () => {
  const d = raw('export-chatgpt-7.json')[0];
  const { conversations } = await importSample('export-chatgpt-7.json');
  const c = conversations[0]!;
  const kids = childrenOf(c, 'n1');
  assert.equal(kids.length, 2);
  assert.deepEqual(
    kids.map((m) => m.model),
    ['n2', 'n3'].map((k) => d.mapping[k].message.metadata?.model_slug),
  );
  assert.ok(byId(c, 'n4').parts.some((p) => p.type === 'image-reference' && p.ref === 'file-service://abc'));
});

test('quirks: Claude 1 and 2 — trimmed text, chronological order, the human turn before its answer at a shared time', {
  skip,
}, async () => {
  const one = (await importSample('export-claude-1.json')).conversations[0]!;
  assert.ok(one.messages[1]!.text.startsWith('To turn this'));
  const d = raw('export-claude-2.json')[0];
  const c = (await importSample('export-claude-2.json')).conversations[0]!;
  const sorted = [...d.chat_messages].sort(
    (a: Raw, b: Raw) => Date.parse(a.created_at) - Date.parse(b.created_at) || (a.sender === 'human' ? -1 : 1),
  );
  assert.deepEqual(
    c.messages.map((m) => m.sourceId),
    sorted.map((m: Raw) => m.uuid),
  );
  const answer = c.messages[1]!;
  assert.match(answer.text, /<antArtifact identifier="llm-pricing-calculator"/);
  assert.deepEqual(
    answer.parts.map((p) => p.type),
    ['text', 'reasoning', 'code', 'text'],
  );
  const code = answer.parts[2]!;
  assert.ok(code.type === 'code' && code.language === 'html' && code.code.startsWith('<!DOCTYPE html>'));
});

test('quirks: Claude 3 — content[] preferred, a message without `text`, the project', { skip }, async () => {
  const c = (await importSample('export-claude-3.json')).conversations[0]!;
  assert.equal(c.projectId, 'p-1');
  assert.equal(c.projectName, 'ModelCaddy');
  assert.equal(byId(c, 'm-2').text, 'Yes, with digests kept in the vault.');
  assert.deepEqual(byId(c, 'm-2').parts[1], { type: 'tool-call', toolName: 'search', input: '{"q":"vault"}' });
});

test('quirks: Claude 4 — memories.json is memories, not conversations', { skip }, async () => {
  const { memories, report } = await importSample('export-claude-4-memories_v2.json');
  assert.equal(report.conversations, 0);
  assert.deepEqual(
    memories.map((m) => [m.kind, m.path]),
    [
      ['summary', undefined],
      ['file', '/areas/podium.md'],
      ['file', '/profile.md'],
    ],
  );
});

test('quirks: Gemini — localized prefix removed, answer kept as HTML, rows grouped only by Google’s link', {
  skip,
}, async () => {
  const { conversations } = await importSample('export-gemini-1.json');
  const thread = conversations.find((c) => c.sourceId === 'invented-thread-1')!;
  assert.equal(thread.messages[0]!.text, 'Explain the first half of the made-up thing');
  assert.equal(thread.messages[1]!.parts.length, 2);
  assert.ok(thread.messages[1]!.parts.every((p) => p.type === 'text' && p.format === 'html'));
  assert.ok(conversations.some((c) => c.messages[0]!.text === 'これは作り話です'));
  assert.ok(conversations.every((c) => c.title === ''));
});

test('quirks: Open WebUI — reasoning and tool calls from output[], the inline <details> kept in the text', {
  skip,
}, async () => {
  const { conversations } = await importSample('export-openwebui-1.json');
  const reasoning = byId(conversations[0]!, 'ra2');
  assert.match(reasoning.text, /^<details type="reasoning"/);
  assert.deepEqual(reasoning.parts, [
    { type: 'reasoning', text: '15 * 17 = 15 * 10 + 15 * 7 = 150 + 105 = 255' },
    { type: 'text', text: '255' },
  ]);
  const tool = byId(conversations[1]!, 'ta2');
  assert.deepEqual(tool.parts.slice(0, 2), [
    { type: 'tool-call', toolName: 'get_weather', callId: 'call_1', input: '{"city":"Paris"}' },
    { type: 'tool-result', toolName: 'get_weather', callId: 'call_1', output: 'Paris: 18C, rain' },
  ]);
});

test('quirks: DeepSeek — the root’s two children are a branch; THINK is reasoning, RESPONSE the text', {
  skip,
}, async () => {
  const c = (await importSample('export-deepseek-1.json')).conversations[0]!;
  assert.deepEqual(
    childrenOf(c, null).map((m) => m.sourceId),
    ['1', '3'],
  );
  assert.deepEqual(
    byId(c, '2').parts.map((p) => p.type),
    ['reasoning', 'text'],
  );
  assert.equal(byId(c, '2').model, 'deepseek-reasoner');
});

test('quirks: LibreChat 3 — two first messages (an edited first turn) and an unfinished answer', { skip }, async () => {
  const c = (await importSample('export-librechat-3.json')).conversations[0]!;
  assert.equal(childrenOf(c, null).length, 2);
  assert.equal(c.messages.filter((m) => m.status === 'incomplete').length, 1);
});
