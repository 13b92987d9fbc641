import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countBranches, finishConversation, ImportContext } from './context.js';
import type { ImportedMessage } from './imported.js';

const m = (sourceId: string, parentSourceId: string | null): ImportedMessage => ({
  sourceId,
  parentSourceId,
  role: 'user',
  text: sourceId,
  parts: [],
});

test('finishConversation orders parents first, depth first, siblings in source order', () => {
  const ctx = new ImportContext();
  const c = finishConversation(
    ctx,
    { sourceId: 'c', title: 'T' },
    [m('b2', 'a'), m('c1', 'b1'), m('a', null), m('b1', 'a')],
    'c',
  )!;
  assert.deepEqual(
    c.messages.map((x) => x.sourceId),
    ['a', 'b2', 'b1', 'c1'],
  );
  assert.equal(countBranches(c.messages), 1);
  assert.deepEqual(ctx.skipped, []);
});

test('finishConversation: duplicates skipped, missing parents made roots, cycles broken — each reported', () => {
  const ctx = new ImportContext();
  const c = finishConversation(
    ctx,
    { sourceId: 'c', title: 'T', activeLeafSourceId: 'gone' },
    [m('a', null), m('a', null), m('orphan', 'nowhere'), m('x', 'y'), m('y', 'x'), m('self', 'self')],
    'conversation c',
  )!;
  assert.deepEqual(
    c.messages.map((x) => [x.sourceId, x.parentSourceId]),
    [
      ['a', null],
      ['orphan', null],
      ['self', null],
      ['x', null],
      ['y', 'x'],
    ],
  );
  assert.equal(c.activeLeafSourceId, undefined, 'an active leaf that was not imported is dropped');
  assert.deepEqual(ctx.skipped, [
    { where: 'conversation c › message a', why: 'a second message with the same id; the first one was kept' },
  ]);
  const warnings = ctx.warnings().join('\n');
  assert.match(warnings, /2 messages answer a message that is not in the export/);
  assert.match(warnings, /message x: its parents loop back to it/);
});

test('finishConversation reports a conversation with no messages instead of importing it empty', () => {
  const ctx = new ImportContext();
  assert.equal(finishConversation(ctx, { sourceId: 'c', title: '' }, [], 'conversation c'), undefined);
  assert.deepEqual(ctx.skipped, [{ where: 'conversation c', why: 'it has no messages' }]);
});

test('finishConversation handles a 20,000-message thread without recursion', () => {
  const chain = Array.from({ length: 20_000 }, (_, i) => m(`m${i}`, i ? `m${i - 1}` : null));
  const c = finishConversation(new ImportContext(), { sourceId: 'c', title: '' }, chain.reverse(), 'c')!;
  assert.equal(c.messages[0]!.sourceId, 'm0');
  assert.equal(c.messages.at(-1)!.sourceId, 'm19999');
});

test('tallied warnings read as one line each, with a few distinct examples', () => {
  const ctx = new ImportContext();
  for (const where of ['a', 'a', 'b', 'c', 'd']) ctx.tally('k', (n) => `${n} things`, where);
  assert.deepEqual(ctx.warnings(), ['5 things (for example a; b; c).']);
});
