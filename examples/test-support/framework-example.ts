/**
 * What the React, Vue and Angular end-to-end tests share: build the example with its own tool,
 * serve the built files with the documented npm policy, and chat in Chromium as a visitor would.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { after, before } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../packages/core/test-support/openai-compatible-server.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { EXAMPLE_OPTIONS } from '../embed-snippets.js';
import { collectViolations, documentedPolicy, violationsSeen } from './documented-csp.js';

/** Runs the example's `npm run build` in its folder; rejects with the tool's output if it fails. */
export function buildExample(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build failed in ${dir} (${code}):\n${output}`)),
    );
  });
}

/** The npm policy of docs/csp.md for a page that calls `providerBaseUrl` itself and no Tessera API. */
export function npmPolicyFor(providerBaseUrl: string): string {
  return documentedPolicy('npm').replace('PROVIDER-ORIGINS', new URL(providerBaseUrl).origin);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1 as a partner's host would: files as they are, `policy` on HTML pages. */
export async function serveBuilt(root: string, policy: string): Promise<StaticSite> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, {
        'content-type': type,
        'x-content-type-options': 'nosniff',
        ...(type.startsWith('text/html') ? { 'content-security-policy': policy } : {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Opens the built example as a visitor, sends a message and waits for the streamed answer. Checks
 * the page's policy is the documented one, the theme came through `appearance`, and no CSP
 * violation or page error happened.
 */
export async function chatAsVisitor(options: {
  browser: Browser;
  site: StaticSite;
  policy: string;
  provider: OpenAiCompatibleServer;
  model: string;
  accent: string;
}): Promise<void> {
  const { browser, site, policy, provider, model, accent } = options;
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(collectViolations);
  try {
    const query = new URLSearchParams({ provider: 'openai-compatible', model, 'base-url': provider.baseURL });
    const response = await page.goto(`${site.url}?${query}`);
    assert.equal(response?.headers()['content-security-policy'], policy);

    const input = page.locator('tessera-chat textarea:not([disabled])');
    await input.waitFor({ timeout: 15_000 });
    const chat = page.locator('tessera-chat');
    assert.equal(
      await chat.evaluate((el) => getComputedStyle(el).getPropertyValue('--tessera-color-accent').trim()),
      accent,
      'the appearance reached the widget',
    );
    assert.equal(await chat.getAttribute('provider'), 'openai-compatible', 'provider is an attribute');

    const text = `Hello from ${model}`;
    await input.fill(text);
    await input.press('Enter');
    await page
      .locator('tessera-chat [part~="message-assistant"] [part="bubble"]')
      .filter({ hasText: `You said: ${text}` })
      .waitFor({ timeout: 15_000 });
    await page.locator('tessera-chat [part="send-button"]').waitFor();

    const request = provider.requests.at(-1);
    assert.equal(request?.path, '/v1/chat/completions', 'the chat called the base URL it was given');
    const body = request?.body as { model?: string; stream?: boolean } | undefined;
    assert.deepEqual({ model: body?.model, stream: body?.stream }, { model, stream: true });
    assert.deepEqual(await page.evaluate(violationsSeen), [], 'no Content-Security-Policy violation');
    assert.deepEqual(pageErrors, []);
  } finally {
    await page.close();
  }
}

/** The built example as a test file uses it once {@link builtExampleHooks}'s `before` hook has run. */
export interface BuiltExample {
  /** {@link chatAsVisitor} on the served build, as `model`, expecting the examples' accent. */
  chatAsVisitor(model: string): Promise<void>;
}

/**
 * Registers the `before`/`after` hooks each framework test file needs: build the example in `dir`,
 * start an OpenAI-compatible server, serve `dir`+`builtPath` under the npm policy and launch Chromium;
 * then close them all.
 */
export function builtExampleHooks(dir: string, builtPath: string): BuiltExample {
  let provider: OpenAiCompatibleServer;
  let site: StaticSite;
  let policy: string;
  let browser: Browser;

  before(async () => {
    await buildExample(dir);
    provider = await startOpenAiCompatibleServer();
    policy = npmPolicyFor(provider.baseURL);
    site = await serveBuilt(`${dir}${builtPath}`, policy);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await provider?.close();
  });

  return {
    chatAsVisitor: (model) => chatAsVisitor({ browser, site, policy, provider, model, accent: EXAMPLE_OPTIONS.accent }),
  };
}
