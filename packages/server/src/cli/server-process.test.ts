import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PUBLISHABLE_KEY_HEADER, partnerConfigSchema } from '@tessera/core';
import { lockDataDir } from '../db/data-dir-lock.js';
import { killRunningClis, spawnCli } from '../test-support/spawn-cli.js';
import { tempDir } from '../test-support/temp-database.js';

// Each test is a real `tessera` process; the generous timeout only stops a hung test run.
const PROCESS = { timeout: 120_000 };

describe('tessera migrate, demo and serve (processes)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let dataDir: string;
  let emptyWidgets: string;
  let builtWidgets: string;

  before(async () => {
    dir = await tempDir();
    dataDir = join(dir.path, 'data');
    emptyWidgets = join(dir.path, 'widgets-empty');
    builtWidgets = join(dir.path, 'widgets-built');
    await mkdir(emptyWidgets);
    await mkdir(builtWidgets);
    await writeFile(join(builtWidgets, 'tessera.js'), '// built');
  });
  after(async () => {
    killRunningClis();
    await dir?.dispose();
  });

  it('migrate applies the migrations once, then finds the schema up to date', PROCESS, async () => {
    const first = spawnCli(['migrate', '--data-dir', dataDir]);
    assert.deepEqual(await first.exited, { code: 0, signal: null }, first.stderr.join('\n'));
    assert.match(
      first.stdout.join('\n'),
      /^Applied 3 migrations to PGlite in .*: 0001_partners, 0002_partner_keys, 0003_vault_blobs\.$/,
    );
    const second = spawnCli(['migrate', '--data-dir', dataDir]);
    assert.deepEqual(await second.exited, { code: 0, signal: null });
    assert.match(second.stdout.join('\n'), /is up to date\.$/);
    assert.equal(existsSync(join(dataDir, 'tessera.lock')), false, 'the lock is released');
  });

  it('demo prints its URL first, serves, and stops cleanly on SIGTERM', PROCESS, async () => {
    const demo = spawnCli(['demo', '--port', '0', '--data-dir', dataDir], { TESSERA_WIDGETS_DIR: emptyWidgets });
    const demoLine = await demo.waitForLine(/^Demo: /);
    const match = /^Demo: http:\/\/127\.0\.0\.1:(\d+)\/examples\/script-tag\/$/.exec(demoLine);
    assert.ok(match, demoLine);
    const port = Number(match[1]);
    assert.equal(
      demo.stdout.find((line) => /https?:\/\//.test(line)),
      demoLine,
      'the demo URL is the first line with a URL',
    );
    const base = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${base}/health`)).status, 200, '/health answers as soon as the port is bound');

    // Wait for the last line of the banner, not the first: lines arrive one by one.
    const stopHint = await demo.waitForLine(/Ctrl\+C/);
    const listening = demo.stdout.indexOf(`listening on ${base}`);
    assert.ok(listening > 0, `prints exactly "listening on ${base}"`);
    assert.equal(demo.stdout[listening + 1], stopHint, 'the stop hint follows the listening line');

    assert.equal((await fetch(`${base}/ready`)).status, 200);
    for (const origin of [base, `http://localhost:${port}`]) {
      const config = await fetch(`${base}/v1/config`, {
        headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo', Origin: origin },
      });
      assert.equal(config.status, 200, origin);
      assert.equal(config.headers.get('Access-Control-Allow-Origin'), origin);
      assert.equal(partnerConfigSchema.parse(await config.json()).partner.id, 'demo');
    }
    const redirect = await fetch(`${base}/`, { redirect: 'manual' });
    assert.equal(redirect.headers.get('Location'), '/examples/script-tag/');

    // The demo page's stand-in for a partner backend: a user token for an anonymous visitor, which
    // the API then accepts on a user-scoped route.
    const minted = await fetch(`${base}/demo/user-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ visitorId: 'process-test-visitor-0001' }),
    });
    assert.equal(minted.status, 200);
    const { token } = (await minted.json()) as { token: string };
    const vault = await fetch(`${base}/v1/vault/blobs`, {
      headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo', Origin: base, Authorization: `Bearer ${token}` },
    });
    assert.equal(vault.status, 200, 'the demo token is a valid user token of the demo partner');

    assert.equal(existsSync(join(dataDir, 'tessera.lock')), true, 'the data directory is held while running');
    demo.child.kill('SIGTERM');
    assert.deepEqual(await demo.exited, { code: 0, signal: null });
    assert.equal(existsSync(join(dataDir, 'tessera.lock')), false, 'the lock is released on shutdown');
    await assert.rejects(fetch(`${base}/health`), 'the port is closed');
    assert.ok(demo.stdout.some((line) => line.includes('"event":"stopped"')));
    // stderr is a separate pipe: read it once the process has exited and both are complete.
    assert.ok(
      demo.stderr.some((line) => line.includes('npm run build')),
      'says to build the widgets when tessera.js is missing',
    );

    // `serve` on the same data, demo partner included, never mints tokens for whoever asks.
    const serve = spawnCli(['serve', '--port', '0', '--data-dir', dataDir], { TESSERA_WIDGETS_DIR: emptyWidgets });
    const served = (await serve.waitForLine(/^listening on /)).replace('listening on ', '');
    const refused = await fetch(`${served}/demo/user-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: served },
      body: JSON.stringify({ visitorId: 'process-test-visitor-0001' }),
    });
    assert.equal(refused.status, 404);
    serve.child.kill('SIGTERM');
    assert.deepEqual(await serve.exited, { code: 0, signal: null });
  });

  it('stops cleanly when SIGTERM comes while the database is still opening', PROCESS, async () => {
    const demo = spawnCli(['demo', '--port', '0', '--data-dir', dataDir], { TESSERA_WIDGETS_DIR: builtWidgets });
    await demo.waitForLine(/^Demo: /);
    demo.child.kill('SIGTERM');
    assert.deepEqual(await demo.exited, { code: 0, signal: null }, demo.stderr.join('\n'));
    assert.equal(existsSync(join(dataDir, 'tessera.lock')), false);
    assert.equal(
      demo.stderr.some((line) => line.includes('npm run build')),
      false,
      'no build hint when the widgets are built',
    );
  });

  it('says, in one line, that the port is taken and how to choose another', PROCESS, async (t) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    t.after(() => blocker.close());
    const address = blocker.address();
    assert.ok(address && typeof address === 'object');
    const unusedDir = join(dir.path, 'never-opened');
    const serve = spawnCli(['serve', '--port', String(address.port), '--data-dir', unusedDir]);
    assert.deepEqual(await serve.exited, { code: 1, signal: null });
    assert.equal(serve.stderr.length, 1, serve.stderr.join('\n'));
    assert.match(serve.stderr[0] ?? '', new RegExp(`^Port ${address.port} is already in use.*--port`));
    assert.equal(existsSync(unusedDir), false, 'the database is not opened when the port is taken');
  });

  it('says which process holds the data directory', PROCESS, async (t) => {
    const heldDir = join(dir.path, 'held');
    const lock = lockDataDir(heldDir);
    t.after(() => lock.release());
    for (const args of [
      ['migrate', '--data-dir', heldDir],
      ['serve', '--port', '0', '--data-dir', heldDir],
    ]) {
      const run = spawnCli(args);
      assert.deepEqual(await run.exited, { code: 1, signal: null }, args.join(' '));
      assert.ok(
        run.stderr.some((line) =>
          line.includes(
            `in use by another Tessera process (pid ${process.pid}): stop that process, or choose another directory with --data-dir.`,
          ),
        ),
        run.stderr.join('\n'),
      );
    }
  });
});
