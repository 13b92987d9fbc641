/**
 * End to end, as a partner and a visitor: the Vue 3 example, built by Vite with `@vitejs/plugin-vue`,
 * is served under the documented strict CSP, and a message typed in Chromium streams its answer from an
 * OpenAI-compatible server through the chat's base URL. Needs `npm run build` first (the widgets' dist).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../packages/core/test-support/openai-compatible-server.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { EXAMPLE_OPTIONS, embedSnippet } from '../embed-snippets.js';
import {
  buildExample,
  chatAsVisitor,
  npmPolicyFor,
  type StaticSite,
  serveBuilt,
} from '../test-support/framework-example.js';

const here = fileURLToPath(new URL('.', import.meta.url));
let provider: OpenAiCompatibleServer;
let site: StaticSite;
let policy: string;
let browser: Browser;

before(async () => {
  await buildExample(here);
  provider = await startOpenAiCompatibleServer();
  policy = npmPolicyFor(provider.baseURL);
  site = await serveBuilt(`${here}dist`, policy);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await site?.close();
  await provider?.close();
});

test('the example embeds the chat with exactly the Vue snippet Storybook shows', () => {
  for (const file of embedSnippet('vue', EXAMPLE_OPTIONS)) {
    // The one line the snippet leaves out tells Biome that the template uses the script's variables.
    const source = readFileSync(`${here}${file.path}`, 'utf8').replace(/^\/\/ biome-ignore-all .*\n/m, '');
    assert.equal(source, file.code, file.path);
  }
});

test('a visitor chats in the built Vue app, themed, under the strict CSP, with no violation', async () => {
  await chatAsVisitor({ browser, site, policy, provider, model: 'e2e-vue', accent: EXAMPLE_OPTIONS.accent });
});
