import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './cli/io.js';
import { main } from './cli.js';
import { tempDir } from './test-support/temp-database.js';

function fakeIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    cwd: process.cwd(),
    stop: new AbortController().signal,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('tessera CLI (in process)', () => {
  it('lists the commands with --help, and on stderr with exit 2 when none is given', async () => {
    const help = fakeIo();
    assert.equal(await main(['--help'], help.io), 0);
    for (const command of ['serve', 'demo', 'migrate']) assert.match(help.out(), new RegExp(`\\b${command}\\b`));
    const none = fakeIo();
    assert.equal(await main([], none.io), 2);
    assert.match(none.err(), /Usage: tessera <command>/);
  });

  it('prints each command’s help', async () => {
    const expected: Record<string, string[]> = {
      serve: ['--port', '--host', '--data-dir', '--database-url', 'PORT', 'DATABASE_URL'],
      demo: ['--port', '--data-dir', 'pk_test_demo'],
      migrate: ['--data-dir', '--database-url'],
    };
    for (const [command, options] of Object.entries(expected)) {
      for (const flag of ['--help', '-h']) {
        const run = fakeIo();
        assert.equal(await main([command, flag], run.io), 0, `${command} ${flag}`);
        assert.match(run.out(), new RegExp(`^Usage: tessera ${command}`));
        for (const option of options) assert.ok(run.out().includes(option), `${command} help mentions ${option}`);
      }
    }
  });

  it('refuses an unknown command, an unknown option and a bad port with exit 2 and a pointer', async () => {
    const unknownCommand = fakeIo();
    assert.equal(await main(['serv'], unknownCommand.io), 2);
    assert.match(unknownCommand.err(), /Unknown command "serv"/);

    const unknownOption = fakeIo();
    assert.equal(await main(['serve', '--prot', '1'], unknownOption.io), 2);
    assert.match(unknownOption.err(), /--prot/);
    assert.match(unknownOption.err(), /tessera serve --help/);

    for (const port of ['abc', '-1', '65536', '80.5', '']) {
      const badPort = fakeIo();
      assert.equal(await main(['demo', `--port=${port}`], badPort.io), 2, port);
      assert.match(badPort.err(), /--port must be a whole number from 0 to 65535/);
    }
    const badEnvPort = fakeIo({ PORT: 'eighty' });
    assert.equal(await main(['serve'], badEnvPort.io), 2);
    assert.match(badEnvPort.err(), /^PORT must be/);
  });

  it('refuses --data-dir together with --database-url', async () => {
    const run = fakeIo();
    assert.equal(await main(['migrate', '--data-dir', 'x', '--database-url', 'postgres://h/db'], run.io), 2);
    assert.match(run.err(), /Choose one of --data-dir/);
  });
});

describe('bin/tessera.js', () => {
  it('says to build when dist/cli.js is missing', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.dispose());
    await mkdir(join(dir.path, 'bin'));
    const bin = join(dir.path, 'bin', 'tessera.js');
    await copyFile(fileURLToPath(new URL('../bin/tessera.js', import.meta.url)), bin);
    const result = spawnSync(process.execPath, [bin, 'demo'], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.equal(result.stderr.trim(), 'The server is not built yet: run `npm run build` at the repository root.');
  });
});
