import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('librechat: a nested (recursive) export keeps every branch; a child naming no parent answers its enclosing message', async () => {
  const { conversations, report } = await parseImport(fixture('librechat-nested.json'));
  assert.equal(report.format, 'librechat');
  const c = conversations[0]!;
  assert.deepEqual(
    c.messages.map((m) => [m.sourceId, m.parentSourceId, m.role]),
    [
      ['n1', null, 'user'],
      ['n2', 'n1', 'assistant'],
      ['n3', 'n1', 'assistant'],
      ['n4', 'n3', 'user'],
    ],
  );
  assert.equal(report.branches, 1);
  // Older messages leave `model` null: the conversation's model answered.
  assert.equal(c.messages[1]!.model, 'gpt-4o-mini');
  assert.equal(c.messages[2]!.model, 'gpt-4o');
  assert.equal(c.messages[2]!.status, 'incomplete');
  assert.equal(c.messages[1]!.author, 'GPT-4o mini');
  assert.deepEqual(c.messages[0]!.parts[1], {
    type: 'image-reference',
    ref: 'fid-1',
    name: 'harbour.png',
    mimeType: 'image/png',
    width: 100,
    height: 80,
  });
});

test('librechat: agent content[] parts (think, tool_call with output, text); errors and unknown parts reported', async () => {
  const { conversations, report } = await parseImport(fixture('librechat-agent.json'));
  const [, agent, failed] = conversations[0]!.messages;
  assert.equal(agent!.text, 'It is -3C and snowing.');
  assert.deepEqual(agent!.parts, [
    { type: 'reasoning', text: 'Need the weather tool.' },
    { type: 'tool-call', toolName: 'weather', callId: 'call_9', input: '{"city":"Oslo"}' },
    { type: 'tool-result', toolName: 'weather', callId: 'call_9', output: '-3C, snow' },
    { type: 'text', text: 'It is -3C and snowing.' },
  ]);
  assert.equal(failed!.status, 'error');
  assert.match(report.skipped[0]!.where, /message g2 › content\[3\]$/);
  assert.match(report.warnings.join('\n'), /1 message recorded an error in LibreChat/);
});
