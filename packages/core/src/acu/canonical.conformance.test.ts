// Conformance against the RFC 8785 reference vectors kept in the shared fixtures
// (../shared/fixtures/ledger/jcs-rfc8785-testdata: input/<name>.json canonicalizes to the bytes of
// output/<name>.json). A separate suite: it says when it skips because the folder is absent.
// TESSERA_JCS_TESTDATA points it at another copy of the same layout.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { canonicalBytes } from './canonical.js';

const folder = (
  process.env.TESSERA_JCS_TESTDATA ??
  fileURLToPath(new URL('../../../../../shared/fixtures/ledger/jcs-rfc8785-testdata/', import.meta.url))
).replace(/\/?$/, '/');
const present = existsSync(`${folder}input`) && existsSync(`${folder}output`);
const names = present
  ? readdirSync(`${folder}input`)
      .filter((name) => name.endsWith('.json'))
      .sort()
  : [];

describe('RFC 8785 conformance (shared vectors)', () => {
  if (!present) {
    test('shared RFC 8785 vectors', { skip: `not found at ${folder}: conformance not checked` }, () => {});
    return;
  }

  test('the vector folder is not empty', () => {
    assert.ok(names.length > 0, `no input/*.json in ${folder}`);
  });

  for (const name of names) {
    test(name, () => {
      const input = JSON.parse(readFileSync(`${folder}input/${name}`, 'utf8'));
      const expected = readFileSync(`${folder}output/${name}`);
      assert.deepEqual(Buffer.from(canonicalBytes(input)), expected);
    });
  }
});
