import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessageRecord } from '../store/schema.js';
import { activeBranch, messageTree, newestLeaf, pathTo } from './branches.js';

const at = '2025-03-14T09:00:00.000Z';
function message(id: string, parentId: string | null, role: MessageRecord['role'] = 'user'): MessageRecord {
  return { id, conversationId: 'c', parentId, role, text: id, status: 'complete', createdAt: at, updatedAt: at };
}

// q1 ─ a1 ─ q2 ─ a2
//     └ a1b ─ q3 ─ a3      (a1 regenerated as a1b, then the talk went on from it)
//             └ q3b ─ a3b  (q3 edited as q3b)
// q0 is an edit of the very first question: a second root.
const tree = [
  message('q1', null),
  message('a1', 'q1', 'assistant'),
  message('q2', 'a1'),
  message('a2', 'q2', 'assistant'),
  message('a1b', 'q1', 'assistant'),
  message('q3', 'a1b'),
  message('a3', 'q3', 'assistant'),
  message('q3b', 'a1b'),
  message('a3b', 'q3b', 'assistant'),
  message('q0', null),
];

const ids = (steps: { message: MessageRecord }[]) => steps.map((s) => s.message.id);

test('without a leaf, the path ends at the most recently written message', () => {
  assert.deepEqual(ids(activeBranch(tree)), ['q0']);
  assert.deepEqual(ids(activeBranch(tree.slice(0, -1))), ['q1', 'a1b', 'q3b', 'a3b']);
});

test('a chosen leaf gives its path, with each message placed among its siblings', () => {
  const steps = activeBranch(tree, 'a2');
  assert.deepEqual(ids(steps), ['q1', 'a1', 'q2', 'a2']);
  assert.deepEqual(
    steps.map((s) => [s.index, s.count, s.previousId, s.nextId]),
    [
      [0, 2, undefined, 'q0'],
      [0, 2, undefined, 'a1b'],
      [0, 1, undefined, undefined],
      [0, 1, undefined, undefined],
    ],
  );
  const edited = activeBranch(tree, 'a3b');
  assert.deepEqual(
    edited.map((s) => `${s.message.id} ${s.index + 1}/${s.count}`),
    ['q1 1/2', 'a1b 2/2', 'q3b 2/2', 'a3b 1/1'],
  );
  assert.equal(edited[2]?.previousId, 'q3');
});

test('choosing a message in the middle continues to the newest leaf below it (switching a branch)', () => {
  assert.deepEqual(ids(activeBranch(tree, 'a1b')), ['q1', 'a1b', 'q3b', 'a3b']);
  assert.deepEqual(ids(activeBranch(tree, 'q3')), ['q1', 'a1b', 'q3', 'a3']);
  assert.equal(newestLeaf(messageTree(tree), 'q1'), 'a3b');
});

test('an unknown leaf falls back to the newest message; nothing gives an empty path', () => {
  assert.deepEqual(ids(activeBranch(tree.slice(0, 4), 'missing')), ['q1', 'a1', 'q2', 'a2']);
  assert.deepEqual(activeBranch([]), []);
  assert.deepEqual(pathTo(messageTree(tree), undefined), []);
});

test('a cycle in a damaged store ends the walk instead of looping', () => {
  const looped = [message('x', 'y'), message('y', 'x')];
  assert.deepEqual(ids(activeBranch(looped, 'y')).sort(), ['x', 'y']);
});
