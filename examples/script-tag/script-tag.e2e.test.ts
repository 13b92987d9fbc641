/**
 * End to end, as a visitor: `tessera demo` serves the partner page, the page loads the chat with
 * one script tag, and a message typed in Chromium streams an answer from an OpenAI-compatible
 * server (a local one speaking OpenAI's exact SSE format) into the page, under the page's CSP.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
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
import { collectViolations, documentedPolicy, violationsSeen } from '../test-support/documented-csp.js';

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
  // The demo writes its data folder as it shuts down: remove the folder only once it has exited.
  const exited = demo && demo.exitCode === null ? once(demo, 'exit') : undefined;
  demo?.kill('SIGTERM');
  await exited;
  await provider?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  pageErrors: string[];
  configStatus: Promise<number>;
}

/** Serves the demo page with `policy` instead of the server's own, as a partner's page would be. */
async function servePageWith(page: Page, policy: string): Promise<void> {
  await page.route(
    (url) => url.pathname === new URL(demoUrl).pathname,
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
    },
  );
}

async function visit(model: string, policy?: string): Promise<Visit> {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // From the first script on, so a violation while the embed starts is seen too (window.__csp).
  await page.addInitScript(collectViolations);
  if (policy) await servePageWith(page, policy);
  const configStatus = page
    .waitForResponse((r) => r.url().endsWith('/v1/config'), { timeout: 15_000 })
    .then((r) => r.status());
  const query = new URLSearchParams({ provider: 'openai-compatible', model, baseURL: provider.baseURL });
  await page.goto(`${demoUrl}?${query}`);
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
  assert.equal(csp, documentedPolicy('demo'), 'the policy docs/csp.md documents for the demo page');
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

test('the demo, served with the script-tag policy of docs/csp.md, streams an answer with no violation', async () => {
  const origin = new URL(demoUrl).origin;
  // Plus the demo page's own need, not Tessera's: its `data:` favicon.
  const policy = `${documentedPolicy('script-tag').replaceAll('https://TESSERA-HOST', origin)}; img-src 'self' data:`;
  const { page, pageErrors } = await visit('partner-policy-model', policy);
  await send(page, 'under the partner policy');
  await page
    .locator('tessera-chat [part~="message-assistant"] [part="bubble"]')
    .filter({ hasText: 'You said: under the partner policy' })
    .waitFor({ timeout: 15_000 });
  assert.deepEqual(await page.evaluate(violationsSeen), [], 'no Content-Security-Policy violation');
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('a key typed into the page is kept and used by the vault frame, and the page never holds it', async () => {
  const { page } = await visit('keyed-model');
  const frame = page.locator('iframe[title="Tessera key vault"]');
  assert.match((await frame.getAttribute('src')) ?? '', /\/vault\/frame\.html\?pk=pk_test_demo$/);
  await page.locator('input[name="apiKey"]').fill('sk-e2e-secret-000042');
  await page.locator('#connect button[type="submit"]').click();
  // The status already names the model from the page's first load: wait for the save itself.
  await page.locator('#status').filter({ hasText: 'Your key is saved' }).waitFor();
  assert.equal(await page.locator('input[name="apiKey"]').inputValue(), '', 'the form forgets the key');
  await send(page, 'with my key');
  await page
    .locator('tessera-chat [part~="message-assistant"] [part="bubble"]')
    .filter({ hasText: 'You said: with my key' })
    .waitFor({ timeout: 15_000 });
  assert.equal(provider.requests.at(-1)?.headers.authorization, 'Bearer sk-e2e-secret-000042');
  await page.close();
});

test('the demo page signs its visitor in with a demo user token that the API accepts', async () => {
  const { page, pageErrors } = await visit('token-model');
  const run = () =>
    page.evaluate(async () => {
      const settings = (window as unknown as { tesseraSettings: { userToken: () => Promise<string> } }).tesseraSettings;
      const token = await settings.userToken();
      const pk = { 'Tessera-Publishable-Key': 'pk_test_demo' };
      const vault = await fetch('/v1/vault/blobs', { headers: { ...pk, Authorization: `Bearer ${token}` } });
      const relay = await fetch('/v1/relay/perplexity/models', { headers: pk });
      return {
        token,
        reused: (await settings.userToken()) === token,
        vault: vault.status,
        relay: relay.status,
        relayCode: ((await relay.json()) as { error: { code: string } }).error.code,
        visitor: localStorage.getItem('tessera-demo-visitor-id'),
      };
    });
  const first = await run();
  assert.equal(first.vault, 200, 'a user-scoped route accepts the demo token');
  assert.deepEqual([first.relay, first.relayCode], [401, 'missing_user_token'], 'the relay wants a token');
  assert.ok(first.reused, 'a fresh token is reused, not minted per call');
  const claims = JSON.parse(Buffer.from(first.token.split('.')[1] ?? '', 'base64url').toString()) as {
    iss: string;
    sub: string;
  };
  assert.equal(claims.iss, 'demo');
  assert.equal(claims.sub, `demo-visitor-${first.visitor}`);
  const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
  await page.reload();
  assert.equal((await run()).visitor, first.visitor, 'the visitor keeps its id across reloads');
  assert.deepEqual(pageErrors, []);
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
