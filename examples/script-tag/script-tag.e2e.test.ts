/**
 * End to end, as a visitor: `tessera demo` serves the partner page, the page loads the chat with
 * one script tag, and a message typed in Chromium streams an answer from an OpenAI-compatible
 * server (a local one speaking OpenAI's exact SSE format) into the page, under the page's CSP.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../packages/core/test-support/openai-compatible-server.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

let provider: OpenAiCompatibleServer;
let demo: ChildProcess;
let demoUrl: string;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));

/** Starts `tessera demo` on a free port and resolves with the first URL it prints. */
function startDemo(): Promise<string> {
  demo = spawn(process.execPath, ['packages/server/bin/tessera.js', 'demo', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: demo.stdout as NodeJS.ReadableStream });
  return new Promise((resolve, reject) => {
    let first: string | undefined;
    lines.on('line', (line) => {
      const url = /https?:\/\/\S+/.exec(line)?.[0];
      if (url && first === undefined) first = url;
      if (line.startsWith('listening on') && first) resolve(first);
    });
    demo.once('exit', (code) => reject(new Error(`tessera demo exited with ${code} before it was ready`)));
  });
}

before(async () => {
  provider = await startOpenAiCompatibleServer();
  demoUrl = await startDemo();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  demo?.kill('SIGTERM');
  await provider?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  pageErrors: string[];
  configStatus: Promise<number>;
}

async function visit(model: string): Promise<Visit> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const configStatus = page
    .waitForResponse((r) => r.url().endsWith('/v1/config'), { timeout: 15_000 })
    .then((r) => r.status());
  const query = new URLSearchParams({ provider: 'openai-compatible', model, baseURL: provider.baseURL });
  await page.goto(`${demoUrl}?${query}`);
  await page.evaluate(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.locator('tessera-chat textarea:not([disabled])').waitFor({ timeout: 15_000 });
  return { page, pageErrors, configStatus };
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.locator('tessera-chat textarea');
  await input.fill(text);
  await input.press('Enter');
}

test('the demo page is the first URL `tessera demo` prints, served under a strict CSP', async () => {
  assert.match(demoUrl, /^http:\/\/127\.0\.0\.1:\d+\/examples\/script-tag\/$/);
  const response = await fetch(demoUrl);
  assert.equal(response.status, 200);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.ok(!csp.includes('unsafe-eval') && !csp.includes("'unsafe-inline'"), csp);
  assert.match(await response.text(), /<script\s+src="\/widgets\/tessera\.js"/);
});

test('a visitor sends a message and the answer streams into the embedded chat, and is kept', async () => {
  const { page, pageErrors, configStatus } = await visit('e2e-model');
  assert.equal(await configStatus, 200, 'the chat read the partner config with the publishable key');
  await send(page, 'Hello from the demo page');
  const answer = page.locator('tessera-chat [part~="message-assistant"] [part="bubble"]');
  await answer.filter({ hasText: 'You said: Hello from the demo page' }).waitFor({ timeout: 15_000 });
  await page.locator('tessera-chat [part="send-button"]').waitFor();
  assert.equal(await page.locator('tessera-chat [part="model"]').first().textContent(), 'e2e-model');

  const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
  assert.deepEqual(pageErrors, []);
  const request = provider.requests.at(-1)?.body as { model: string; stream: boolean };
  assert.equal(request.model, 'e2e-model');
  assert.equal(request.stream, true);

  await page.reload();
  await page
    .locator('tessera-chat [part~="message-assistant"] [part="bubble"]')
    .filter({ hasText: 'You said: Hello from the demo page' })
    .waitFor({ timeout: 15_000 });
  await page.close();
});

test('a key typed into the page is kept and used by the vault frame, and the page never holds it', async () => {
  const { page } = await visit('keyed-model');
  const frame = page.locator('iframe[title="Tessera key vault"]');
  assert.match((await frame.getAttribute('src')) ?? '', /\/vault\/frame\.html\?pk=pk_test_demo$/);
  await page.locator('input[name="apiKey"]').fill('sk-e2e-secret-000042');
  await page.locator('#connect button[type="submit"]').click();
  await page.locator('#status').filter({ hasText: 'keyed-model' }).waitFor();
  assert.equal(await page.locator('input[name="apiKey"]').inputValue(), '', 'the form forgets the key');
  await send(page, 'with my key');
  await page
    .locator('tessera-chat [part~="message-assistant"] [part="bubble"]')
    .filter({ hasText: 'You said: with my key' })
    .waitFor({ timeout: 15_000 });
  assert.equal(provider.requests.at(-1)?.headers.authorization, 'Bearer sk-e2e-secret-000042');
  await page.close();
});

test('a refused key shows the error state with what to do', async () => {
  const { page } = await visit('fail-401');
  await send(page, 'hello');
  const alert = page.locator('tessera-chat [part="error"][role="alert"]');
  await alert.waitFor({ timeout: 15_000 });
  assert.match((await alert.textContent()) ?? '', /refused the API key/);
  await page.close();
});
