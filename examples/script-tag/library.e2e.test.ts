/**
 * End to end, as a visitor of the demo page under its own strict CSP: after one chat, the "Your
 * data" tab lists that conversation, verifies its hash chain, imports a ChatGPT export with a
 * report, exports, and deletes with a signed receipt; the "Keys" tab shows the key manager. The
 * two widgets' chunks are downloaded only when their tab is first shown.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../packages/core/test-support/openai-compatible-server.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { chatgptMessage } from '../../widgets/src/shared/test-support/chatgpt-export.js';
import { collectViolations, violationsSeen } from '../test-support/documented-csp.js';
import { type DemoServer, startDemoServer } from './test-support/demo-server.js';

let provider: OpenAiCompatibleServer;
let demo: DemoServer;
let browser: Browser;

before(async () => {
  provider = await startOpenAiCompatibleServer();
  demo = await startDemoServer();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  await provider?.close();
});

interface Visit {
  page: Page;
  pageErrors: string[];
  /** The path of every script the page and its frames requested, in order. */
  scripts: string[];
}

/** Opens the demo page (served with the demo's own CSP) pointed at the local provider. */
async function visit(model: string, hash = ''): Promise<Visit> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  const scripts: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.addInitScript(collectViolations);
  const query = new URLSearchParams({ provider: 'openai-compatible', model, baseURL: provider.baseURL });
  await page.goto(`${demo.url}?${query}${hash}`);
  await page.locator('tessera-chat textarea:not([disabled])').waitFor({ timeout: 15_000 });
  return { page, pageErrors, scripts };
}

const requested = (scripts: string[], chunk: string) => scripts.some((path) => path.includes(`/chunks/${chunk}-`));

/** A ChatGPT `conversations.json` as ChatGPT writes it: one conversation, and one without a message tree. */
function chatgptExport(): string {
  const t0 = 1_700_000_000;
  return JSON.stringify([
    {
      id: 'conv-kiln',
      conversation_id: 'conv-kiln',
      title: 'Firing a kiln',
      create_time: t0,
      update_time: t0 + 60,
      current_node: 'a1',
      mapping: {
        root: { id: 'root', parent: null, children: ['u1'], message: null },
        u1: {
          id: 'u1',
          parent: 'root',
          children: ['a1'],
          message: chatgptMessage('u1', 'user', 'How hot for stoneware?', t0 + 1),
        },
        a1: {
          id: 'a1',
          parent: 'u1',
          children: [],
          message: chatgptMessage('a1', 'assistant', 'Cone 6 to cone 10, about 1220 to 1300 °C.', t0 + 2, 'gpt-4o'),
        },
      },
    },
    { id: 'conv-empty', conversation_id: 'conv-empty', title: 'No tree here', create_time: t0 + 100 },
  ]);
}

test('the Your data and Keys tabs download their widgets only when first shown, by keyboard too, and a key added in Keys is used by the chat', async () => {
  const { page, pageErrors, scripts } = await visit('lazy-model');
  assert.ok(requested(scripts, 'embed'), 'the embed chunk loaded (so chunk requests are seen at all)');
  assert.ok(!requested(scripts, 'library.element'), 'no library chunk on a chat-only visit');
  assert.ok(!requested(scripts, 'key-manager.element'), 'no key-manager chunk on a chat-only visit');
  assert.equal(await page.locator('#data').isHidden(), true);

  await page.locator('#tab-chat').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#tab-data').getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tab-data', 'focus follows the arrow key');
  await page.locator('tessera-library [part="base"]').waitFor({ timeout: 15_000 });
  assert.ok(requested(scripts, 'library.element'), 'the library chunk loaded with its tab');
  assert.ok(!requested(scripts, 'key-manager.element'), 'the Keys tab was not shown yet');
  assert.equal(await page.locator('#chat').isHidden(), true);

  await page.keyboard.press('End');
  assert.equal(await page.locator('#tab-keys').getAttribute('aria-selected'), 'true');
  await page.locator('tessera-key-manager [part="providers"]').waitFor({ timeout: 15_000 });
  assert.ok(requested(scripts, 'key-manager.element'), 'the key-manager chunk loaded with its tab');
  assert.match(page.url(), /#keys$/, 'the address names the tab');

  await page.reload();
  await page.locator('tessera-key-manager [part="providers"]').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('#tab-keys').getAttribute('aria-selected'), 'true', 'a link to #keys opens Keys');
  assert.equal(await page.locator('#chat').isHidden(), true);

  // A key managed in the Keys tab is the one the chat sends.
  const keys = page.locator('tessera-key-manager');
  await keys.locator('[part="local-kind"]').selectOption('openai-compatible');
  await keys.locator('[part="local-url-input"]').fill(provider.baseURL);
  await keys.locator('[part="local-key-input"]').fill('sk-keys-tab-000077');
  await keys.locator('[part="connect-button"]').click();
  const server = keys.locator('[part="local-server"]').filter({ hasText: provider.baseURL });
  await server.waitFor({ timeout: 15_000 });
  assert.ok(!((await server.textContent()) ?? '').includes('sk-keys-tab-000077'), 'the key is shown masked');
  await page.locator('#tab-chat').click();
  const input = page.locator('tessera-chat textarea');
  await input.fill('with the Keys tab key');
  await input.press('Enter');
  await page
    .locator('tessera-chat [part~="message-assistant"] [part="bubble"]')
    .filter({ hasText: 'You said: with the Keys tab key' })
    .waitFor({ timeout: 15_000 });
  assert.equal(provider.requests.at(-1)?.headers.authorization, 'Bearer sk-keys-tab-000077');
  assert.doesNotMatch(page.url(), /#/, 'back on Chat, the address names no tab');

  assert.deepEqual(await page.evaluate(violationsSeen), [], 'no Content-Security-Policy violation');
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('after one chat, Your data lists it from Tessera, verifies it, imports, exports and deletes with a receipt', async () => {
  const { page, pageErrors } = await visit('library-model');
  const input = page.locator('tessera-chat textarea');
  await input.fill('Glaze for a teapot?');
  await input.press('Enter');
  await page
    .locator('tessera-chat [part~="message-assistant"] [part="bubble"]')
    .filter({ hasText: 'You said: Glaze for a teapot?' })
    .waitFor({ timeout: 15_000 });
  await page.locator('tessera-chat [part="send-button"]').waitFor();

  await page.locator('#tab-data').click();
  const library = page.locator('tessera-library');
  const chatted = library.locator('[part="row"]').filter({ hasText: 'Glaze for a teapot?' });
  await chatted.locator('[part="row-source"]').filter({ hasText: 'Tessera' }).waitFor({ timeout: 15_000 });
  assert.equal(await library.locator('[part="row"]').count(), 1);
  assert.equal(await chatted.locator('[part="row-messages"]').textContent(), '2');

  await chatted.locator('[part="verify-button"]').click();
  const verified = chatted.locator('[part="verify-status"]');
  await verified.filter({ hasText: /^Intact/ }).waitFor({ timeout: 15_000 });
  assert.match((await verified.textContent()) ?? '', /Intact: 2 messages checked, hashes and signatures match/);

  await library.locator('input[type="file"]').setInputFiles({
    name: 'conversations.json',
    mimeType: 'application/json',
    buffer: Buffer.from(chatgptExport()),
  });
  const report = library.locator('[part="import-report"]');
  await report.waitFor({ timeout: 15_000 });
  assert.match((await report.locator('h4').textContent()) ?? '', /Imported from ChatGPT/);
  assert.equal(await report.locator('[part="import-conversations"]').textContent(), '1');
  assert.equal(await report.locator('[part="import-messages"]').textContent(), '2');
  assert.match((await report.locator('[part="import-skipped"]').textContent()) ?? '', /No tree here/);
  const imported = library.locator('[part="row"]').filter({ hasText: 'Firing a kiln' });
  await imported.locator('[part="row-source"]').filter({ hasText: 'ChatGPT' }).waitFor({ timeout: 15_000 });

  await library.locator('[part="export-button"]').click();
  const link = library.locator('[part="download-link"]');
  await link.waitFor({ timeout: 15_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const archive = await readFile((await download.path()) ?? '', 'utf8');
  assert.match(download.suggestedFilename(), /^tessera-export-\d{4}-\d{2}-\d{2}\.json$/);
  assert.ok(archive.includes('Glaze for a teapot?') && archive.includes('Cone 6 to cone 10'), 'both are exported');

  await chatted.locator('[part="delete-button"]').click();
  await library.locator('[part="confirm-delete-button"]').click();
  const receipt = library.locator('[part="receipt"]');
  await receipt.waitFor({ timeout: 15_000 });
  assert.match((await receipt.locator('[part="receipt-status"]').textContent()) ?? '', /Receipt verified/);
  assert.match((await receipt.locator('[part="receipt-hash"]').textContent()) ?? '', /\S{16,}/);
  await chatted.waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal(await library.locator('[part="row"]').count(), 1, 'only the imported conversation is left');

  assert.deepEqual(await page.evaluate(violationsSeen), [], 'no Content-Security-Policy violation');
  assert.deepEqual(pageErrors, []);
  await page.close();
});
