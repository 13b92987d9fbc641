import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { TesseraError } from '../errors/tessera-error.js';
import { canonicalBytes, canonicalJson } from './canonical.js';
import { hashCanonical } from './hash.js';

interface Vector {
  name: string;
  input: string;
  expected: string;
}
const { vectors } = JSON.parse(readFileSync(new URL('./fixtures/jcs-vectors.json', import.meta.url), 'utf8')) as {
  vectors: Vector[];
};

describe('RFC 8785 canonical JSON (our vectors)', () => {
  for (const vector of vectors) {
    test(vector.name, () => {
      assert.equal(canonicalJson(JSON.parse(vector.input)), vector.expected);
      assert.deepEqual(canonicalBytes(JSON.parse(vector.input)), new TextEncoder().encode(vector.expected));
    });
  }

  test('undefined members are left out (as in JSON), so optional fields do not change a hash', async () => {
    assert.equal(canonicalJson({ a: 1, b: undefined }), '{"a":1}');
    assert.equal(await hashCanonical({ a: 1, b: undefined }), await hashCanonical({ a: 1 }));
  });

  test('the hash of known bytes (SHA-256 of "{}")', async () => {
    assert.equal(await hashCanonical({}), 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  for (const [name, value] of [
    ['a lone surrogate', { text: 'broken \ud800 text' }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['undefined at the top', undefined],
  ] as const) {
    test(`${name} is a validation error`, () => {
      assert.throws(
        () => canonicalJson(value),
        (error: unknown) => error instanceof TesseraError && error.code === 'validation',
      );
    });
  }
});
