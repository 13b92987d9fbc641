import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../test-support/temp-database.js';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

describe('lockDataDir', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    dir = await tempDir();
  });
  after(() => dir?.dispose());

  it('creates the directory, holds it, and lets it go', () => {
    const dataDir = join(dir.path, 'a', 'nested');
    const lock = lockDataDir(dataDir);
    assert.ok(existsSync(join(dataDir, 'tessera.lock')));
    assert.throws(() => lockDataDir(dataDir), DataDirLockedError);
    lock.release();
    lock.release();
    assert.equal(existsSync(join(dataDir, 'tessera.lock')), false);
    lockDataDir(dataDir).release();
  });

  it('takes over a lock whose process is gone', async () => {
    const dataDir = join(dir.path, 'stale');
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid;
    await new Promise((resolve) => child.once('exit', resolve));
    assert.ok(pid);
    lockDataDir(dataDir).release();
    writeFileSync(join(dataDir, 'tessera.lock'), `${pid}\n`);
    lockDataDir(dataDir).release();
  });

  it('refuses a lock held by a running process, naming it', async (t) => {
    const dataDir = join(dir.path, 'held');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    t.after(() => child.kill());
    await new Promise((resolve) => child.once('spawn', resolve));
    lockDataDir(dataDir).release();
    writeFileSync(join(dataDir, 'tessera.lock'), `${child.pid}\n`);
    assert.throws(
      () => lockDataDir(dataDir),
      (error: unknown) =>
        error instanceof DataDirLockedError &&
        error.pid === child.pid &&
        error.message.includes(`pid ${child.pid}`) &&
        error.message.includes('--data-dir'),
    );
  });
});
