/**
 * End to end, as a partner and a visitor: the Angular example, built by the Angular CLI (`ng build`, the
 * `@angular/build` application builder), is served under the documented strict CSP, and a message typed in
 * Chromium streams its answer from an OpenAI-compatible server through the chat's base URL. Needs
 * `npm run build` first (the widgets' dist).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_OPTIONS, embedSnippet } from '../embed-snippets.js';
import { builtExampleHooks } from '../test-support/framework-example.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const example = builtExampleHooks(here, 'dist/browser');

test('the example embeds the chat with exactly the Angular snippet Storybook shows', () => {
  for (const file of embedSnippet('angular', EXAMPLE_OPTIONS)) {
    assert.equal(readFileSync(`${here}${file.path}`, 'utf8'), file.code, file.path);
  }
});

test('a visitor chats in the built Angular app, themed, under the strict CSP, with no violation', async () => {
  await example.chatAsVisitor('e2e-angular');
});
