import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJsonLogger, redact } from './logger.js';

describe('redact', () => {
  it('removes keys, tokens and URL credentials', () => {
    assert.equal(redact('key pk_live_AbC123 and sk_test_XyZ'), 'key pk_live_[redacted] and sk_test_[redacted]');
    assert.equal(redact('Authorization: Bearer eyJ.abc.def'), 'Authorization: Bearer [redacted]');
    assert.equal(redact('openai sk-proj-abcdefghijkl'), 'openai sk-[redacted]');
    assert.equal(redact('postgres://user:pw@host:5432/db'), 'postgres://[redacted]@host:5432/db');
    assert.equal(redact('nothing secret here'), 'nothing secret here');
    assert.equal(
      redact('key sk_live_acme-x7k2q9_AbCdEfGh012345678901234567890123 used'),
      'key sk_live_[redacted] used',
      'a secret key with a dashed partner id is redacted whole',
    );
    assert.equal(redact('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln, then'), 'token [redacted JWT], then');
  });
});

describe('createJsonLogger', () => {
  it('writes one JSON line per event and drops fields named like secrets', () => {
    const lines: string[] = [];
    const logger = createJsonLogger((line) => lines.push(line));
    logger.warn('thing', {
      count: 2,
      authorization: 'Bearer x',
      apiKey: 'k',
      publishableKey: 'pk',
      body: 'b',
      ok: true,
    });
    assert.equal(lines.length, 1);
    assert.ok(lines[0]?.endsWith('\n'));
    const entry = JSON.parse(lines[0] ?? '');
    assert.equal(entry.level, 'warn');
    assert.equal(entry.event, 'thing');
    assert.equal(entry.count, 2);
    assert.equal(entry.ok, true);
    for (const key of ['authorization', 'apiKey', 'publishableKey', 'body']) assert.equal(key in entry, false, key);
  });
});

describe('the relay headers in logs', () => {
  it('drops and scrubs the user token (Authorization) and the provider key (Tessera-Upstream-Authorization)', () => {
    const userToken = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWxheS11c2VyIn0.c2lnbmF0dXJl';
    const providerKey = 'sk-proj-relayProviderKey0123456789';
    const lines: string[] = [];
    const logger = createJsonLogger((line) => lines.push(line));
    logger.warn('relay', {
      authorization: `Bearer ${userToken}`,
      'tessera-upstream-authorization': `Bearer ${providerKey}`,
      tesseraUpstreamAuthorization: `Bearer ${providerKey}`,
      errorMessage: `Authorization: Bearer ${userToken}; Tessera-Upstream-Authorization: Bearer ${providerKey}`,
      note: `token ${userToken} and key ${providerKey}`,
    });
    const entry = JSON.parse(lines[0] ?? '');
    for (const key of ['authorization', 'tessera-upstream-authorization', 'tesseraUpstreamAuthorization']) {
      assert.equal(key in entry, false, key);
    }
    assert.ok(lines[0]?.includes('errorMessage') && lines[0].includes('note'), 'the other fields stay');
    for (const secret of [userToken, providerKey, 'relayProviderKey']) {
      assert.equal(lines[0]?.includes(secret), false, secret);
    }
  });
});
