/**
 * End to end, as a partner and a visitor: the Vue 3 example, built by Vite with `@vitejs/plugin-vue`,
 * is served under the documented strict CSP, and a message typed in Chromium streams its answer from an
 * OpenAI-compatible server through the chat's base URL. Needs `npm run build` first (the widgets' dist).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_OPTIONS, embedSnippet } from '../embed-snippets.js';
import { builtExampleHooks } from '../test-support/framework-example.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const example = builtExampleHooks(here, 'dist');

test('the example embeds the chat with exactly the Vue snippet Storybook shows', () => {
  for (const file of embedSnippet('vue', EXAMPLE_OPTIONS)) {
    // The one line the snippet leaves out tells Biome that the template uses the script's variables.
    const source = readFileSync(`${here}${file.path}`, 'utf8').replace(/^\/\/ biome-ignore-all .*\n/m, '');
    assert.equal(source, file.code, file.path);
  }
});

test('a visitor chats in the built Vue app, themed, under the strict CSP, with no violation', async () => {
  await example.chatAsVisitor('e2e-vue');
});
