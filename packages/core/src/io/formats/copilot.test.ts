import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('copilot: CSV newest first is put in time order, the prompt before the answer sharing its time', async () => {
  const { conversations, report } = await parseImport(fixture('copilot-export.csv'));
  assert.equal(report.format, 'copilot');
  assert.deepEqual(
    conversations.map((c) => c.title),
    ['Knot names', 'Weather, today'],
  );
  assert.deepEqual(
    conversations[0]!.messages.map((m) => [m.role, m.text]),
    [
      ['user', 'Hi'],
      ['assistant', 'Hello! How can I help?'],
      ['user', 'Name three knots'],
      ['assistant', 'A bowline, a hitch, and "the" reef knot.'],
    ],
  );
  assert.equal(conversations[1]!.messages[1]!.text, 'Sunny,\r\nwith a breeze.', 'a quoted field keeps its line break');
  assert.match(report.warnings.join('\n'), /7 times carry no time zone and were read as UTC/);
  assert.match(report.skipped[0]!.why, /author "System"/);
});
