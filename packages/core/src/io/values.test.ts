import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTimes, stableId, toIso } from './values.js';

test('toIso reads epoch seconds, milliseconds, microseconds and nanoseconds, told apart by size', () => {
  const iso = '2024-01-07T12:18:35.775Z';
  assert.equal(toIso(1704629915.775304), iso);
  assert.equal(toIso(1704629915775), iso);
  assert.equal(toIso(1704629915775304), iso);
  assert.equal(toIso(1704629915775304000), iso);
  assert.equal(toIso('1704629915775'), iso);
});

test('toIso reads ISO strings with any offset, MongoDB dates, and a zone-less time as UTC (saying so)', () => {
  assert.equal(toIso('2024-12-31T10:30:00+03:00'), '2024-12-31T07:30:00.000Z');
  assert.equal(toIso('2024-10-18T05:30:10.325754Z'), '2024-10-18T05:30:10.325Z');
  assert.equal(toIso({ $date: { $numberLong: '1743494400000' } }), '2025-04-01T08:00:00.000Z');
  assert.equal(toIso({ $date: '2025-04-01T08:00:00Z' }), '2025-04-01T08:00:00.000Z');
  let noZone = 0;
  assert.equal(
    toIso('2026-07-26T23:20:56', () => noZone++),
    '2026-07-26T23:20:56.000Z',
  );
  assert.equal(
    toIso('2024-08-08 19:12:06.120414', () => noZone++),
    '2024-08-08T19:12:06.120Z',
  );
  assert.equal(noZone, 2);
});

test('toIso gives undefined for what is no time', () => {
  for (const value of [undefined, null, '', 'soon', '2023-10-07T07:03:01.693863+', Number.NaN, {}, [], 1e300]) {
    assert.equal(toIso(value), undefined, String(value));
  }
});

test('compareTimes sorts undated last and keeps two undated equal', () => {
  const times = ['2024-01-02T00:00:00.000Z', undefined, '2024-01-01T00:00:00.000Z', undefined];
  assert.deepEqual([...times].sort(compareTimes), [
    '2024-01-01T00:00:00.000Z',
    '2024-01-02T00:00:00.000Z',
    undefined,
    undefined,
  ]);
  assert.equal(compareTimes(undefined, undefined), 0);
});

test('stableId is deterministic, prefixed, and differs when any value does', () => {
  assert.equal(stableId('gemini', '2026-01-01', 'Prompted hi'), stableId('gemini', '2026-01-01', 'Prompted hi'));
  assert.match(stableId('x', 1), /^x-[0-9a-f]{16}$/);
  assert.notEqual(stableId('g', 'a', 'bc'), stableId('g', 'ab', 'c'));
});
