import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanJson } from './json-scan.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The elements a scan found, as text, for bytes and for the string alike (they must agree). */
function elements(text: string): string[] {
  const fromString = scanJson(text);
  const fromBytes = scanJson(bytes(text));
  const decoder = new TextDecoder();
  const out: string[] = [];
  for (let i = 0; i < fromString.elements.length; i += 2)
    out.push(text.slice(fromString.elements[i], fromString.elements[i + 1]));
  const outBytes: string[] = [];
  const b = bytes(text);
  for (let i = 0; i < fromBytes.elements.length; i += 2) {
    outBytes.push(decoder.decode(b.subarray(fromBytes.elements[i], fromBytes.elements[i + 1])));
  }
  assert.deepEqual(outBytes, out);
  return out.map((e) => e.trim());
}

test('scanJson splits a top-level array into its elements without parsing them', () => {
  assert.deepEqual(elements('[{"a":1}, {"b":[1,2,{"c":"]"}]} ,[3],"s", 4 ,null,true]'), [
    '{"a":1}',
    '{"b":[1,2,{"c":"]"}]}',
    '[3]',
    '"s"',
    '4',
    'null',
    'true',
  ]);
  assert.deepEqual(elements('[]'), []);
  assert.deepEqual(elements('  [ ]  '), []);
});

test('scanJson is not fooled by quotes, backslashes and brackets inside strings, or by multi-byte characters', () => {
  const tricky = [
    '{"q":"say \\"hi\\" [ok]"}',
    '{"path":"C:\\\\dir\\\\"}',
    '{"emoji":"🐝【3†source】 ü {"}',
    '"\\\\\\""',
  ];
  assert.deepEqual(elements(`[${tricky.join(',')}]`), tricky);
  for (const element of tricky) assert.doesNotThrow(() => JSON.parse(element));
});

test('scanJson tells complete, cut-off and trailing input apart', () => {
  assert.deepEqual((({ root, complete, trailing }) => ({ root, complete, trailing }))(scanJson('{"a": [1, 2]}\n')), {
    root: 'object',
    complete: true,
    trailing: false,
  });
  assert.equal(scanJson('[{"a": 1}, {"b": "unterminated').complete, false);
  assert.equal(scanJson('[{"a": 1}, {"b": 2}').complete, false);
  assert.equal(scanJson(bytes('{"a": "x\\"')).complete, false);
  assert.equal(scanJson('{"a":1}\n{"b":2}\n').trailing, true);
  assert.equal(scanJson('hello').root, 'other');
  // Elements found before the cut are still reported; the caller refuses the file as a whole.
  assert.equal(scanJson('[{"a": 1}, {"b": 2').elements.length, 2);
});

test('scanJson starts where it is told (after a byte-order mark)', () => {
  const scan = scanJson(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('[1]')]), 3);
  assert.equal(scan.start, 3);
  assert.deepEqual(scan.elements, [4, 5]);
});
