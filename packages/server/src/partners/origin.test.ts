import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeOrigin } from './origin.js';

describe('normalizeOrigin', () => {
  it('writes origins the way browsers send them', () => {
    assert.equal(normalizeOrigin('http://LOCALHOST:8787'), 'http://localhost:8787');
    assert.equal(normalizeOrigin('https://app.example.com:443/'), 'https://app.example.com');
    assert.equal(normalizeOrigin('http://127.0.0.1:80'), 'http://127.0.0.1');
  });

  it('refuses what is not an http(s) origin', () => {
    assert.throws(() => normalizeOrigin('null'), /not an origin/);
    assert.throws(() => normalizeOrigin('file:///tmp/x.html'), /not an http\(s\) origin/);
    assert.throws(() => normalizeOrigin('https://app.example.com/path'), /more than an origin/);
    assert.throws(() => normalizeOrigin('https://user:pw@app.example.com'), /more than an origin/);
  });
});
