import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TesseraError } from '../../errors/tessera-error.js';
import { dataKeyName, type RowWrite } from '../record-backend.js';
import { writeTempFile } from './atomic-write.js';
import { JOURNAL_FILE } from './commit-journal.js';
import { LOCK_FILE } from './directory-lock.js';
import { FileBackend } from './file-backend.js';
import { toFileName } from './file-names.js';
import { batchDeletes, CONVERSATIONS, conversationOfBatch } from './test-support/crash-plan.js';

const CRASH_WRITER = fileURLToPath(new URL('./test-support/crash-writer.ts', import.meta.url));
const temps: string[] = [];
after(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-file-backend-'));
  temps.push(dir);
  return dir;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (body: unknown) => new TextDecoder().decode(body as Uint8Array);

function row(table: RowWrite['table'], id: string, conversationId: string, body: string): RowWrite {
  return { table, row: { id, conversationId, body: bytes(body) } };
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

function isStorageError(pattern: RegExp) {
  return (error: unknown) => error instanceof TesseraError && error.code === 'storage' && pattern.test(error.message);
}

interface Child {
  pid: number;
  lines: AsyncIterator<string>;
  exited: Promise<number | null>;
  kill(): void;
}

function startChild(mode: string, directory: string): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=tessera-source', '--import', 'tsx', CRASH_WRITER, mode, directory],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  async function* lines() {
    let buffered = '';
    for await (const chunk of child.stdout) {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      yield* parts;
    }
  }
  return { pid: child.pid!, lines: lines(), exited, kill: () => child.kill('SIGKILL') };
}

/** The pid of a process that has exited: what a crashed owner leaves in its lock file. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

test('writes rows and reads them back, lists by conversation in id order', async () => {
  const backend = await FileBackend.open(await tempDir());
  await backend.write([row('messages', 'b', 'c1', 'second'), row('messages', 'z', 'c2', 'elsewhere')]);
  await backend.write([row('messages', 'a', 'c1', 'first')]);
  assert.deepEqual(
    (await backend.list('messages', 'c1')).map((r) => [r.id, r.conversationId, text(r.body)]),
    [
      ['a', 'c1', 'first'],
      ['b', 'c1', 'second'],
    ],
  );
  assert.deepEqual(
    (await backend.list('messages')).map((r) => r.id),
    ['a', 'b', 'z'],
  );
  assert.equal(text((await backend.get('messages', 'z'))?.body), 'elsewhere');
  assert.equal(await backend.get('messages', 'missing'), undefined);
  assert.equal(await backend.get('acus', 'a'), undefined, 'tables are separate');
  await backend.write([row('messages', 'a', 'c1', 'first, edited')]);
  assert.equal(text((await backend.get('messages', 'a'))?.body), 'first, edited');
  await backend.close();
});

test('ids that are not safe file names round-trip and stay distinct', async () => {
  const dir = await tempDir();
  const backend = await FileBackend.open(dir);
  const ids = ['../escape', 'A', 'a', 'é', 'with space', '.', '~tilde'];
  await backend.write(ids.map((id, i) => row('audit', id, '', `row ${i}`)));
  await backend.close();
  const reopened = await FileBackend.open(dir);
  const rows = await reopened.list('audit');
  assert.deepEqual(rows.map((r) => r.id).sort(), [...ids].sort());
  for (const [i, id] of ids.entries()) assert.equal(text((await reopened.get('audit', id))?.body), `row ${i}`);
  assert.ok((await filesUnder(dir)).every((f) => !f.includes('..')));
  await reopened.close();
});

test('a batch with an unsealed body is refused and writes nothing', async () => {
  const backend = await FileBackend.open(await tempDir());
  await assert.rejects(
    backend.write([
      row('messages', 'ok', 'c1', 'fine'),
      { table: 'messages', row: { id: 'plain', conversationId: 'c1', body: { text: 'readable' } } },
    ]),
    isStorageError(/only encrypted records/),
  );
  assert.deepEqual(await backend.list('messages'), []);
  await backend.close();
});

test('keeps secrets as bytes or strings, honours ifAbsent, refuses CryptoKeys', async () => {
  const dir = await tempDir();
  const backend = await FileBackend.open(dir);
  await backend.putSecret('salt', new Uint8Array([1, 2, 3]));
  await backend.putSecret('kind', 'key-file');
  assert.equal(await backend.putSecret('kind', 'passphrase', { ifAbsent: true }), 'key-file');
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  await assert.rejects(backend.putSecret('live', key), isStorageError(/wrapped bytes/));
  await backend.close();
  const reopened = await FileBackend.open(dir);
  assert.deepEqual(await reopened.getSecret('salt'), new Uint8Array([1, 2, 3]));
  assert.equal(await reopened.getSecret('kind'), 'key-file');
  assert.equal(await reopened.getSecret('live'), undefined);
  await reopened.close();
});

test('deleteConversation removes its rows, its directory and its data key, and nothing else', async () => {
  const dir = await tempDir();
  const backend = await FileBackend.open(dir);
  for (const c of ['doomed', 'kept']) {
    await backend.putSecret(dataKeyName(c), new Uint8Array(40).fill(7));
    await backend.write([
      row('conversations', c, c, `${c} conversation`),
      row('messages', `${c}-m`, c, 'message'),
      row('acus', `${c}-a`, c, 'acu'),
    ]);
  }
  await backend.write([row('audit', 'entry', '', 'audit entry')]);
  await backend.deleteConversation('doomed');
  assert.equal(await backend.getSecret(dataKeyName('doomed')), undefined);
  assert.equal(await backend.get('messages', 'doomed-m'), undefined);
  assert.deepEqual(await backend.list('acus', 'doomed'), []);
  assert.deepEqual(
    (await backend.list('conversations')).map((r) => r.id),
    ['kept'],
  );
  assert.ok(await backend.getSecret(dataKeyName('kept')));
  assert.equal((await backend.list('audit')).length, 1, 'the audit log outlives the conversation');
  const files = await filesUnder(dir);
  assert.ok(!files.some((f) => f.includes('doomed')), `left behind: ${files.join(', ')}`);
  await backend.close();
});

test('usage() is the sum of the file sizes and grows by exactly what is written', async () => {
  const dir = await tempDir();
  const backend = await FileBackend.open(dir);
  await backend.write([row('messages', 'm1', 'c', 'x'.repeat(100))]);
  const before = await backend.usage();
  let sum = 0;
  for (const f of await filesUnder(dir)) sum += (await stat(join(dir, f))).size;
  assert.equal(before.usedBytes, sum);
  assert.ok(before.quotaBytes !== undefined && before.quotaBytes >= before.usedBytes);
  await backend.write([row('messages', 'm2', 'c', 'y'.repeat(1000))]);
  assert.equal((await backend.usage()).usedBytes, before.usedBytes + 1000);
  await backend.close();
});

test('reopening finishes a multi-row write interrupted after its journal was written', async () => {
  const dir = await tempDir();
  const backend = await FileBackend.open(dir);
  await backend.write([row('messages', 'old', 'c', 'before')]);
  await backend.close();
  // The state a crash leaves mid-commit: both temp files flushed, the journal written, one rename done.
  const target = (id: string) => join(dir, 'conversations', 'c', 'messages', toFileName(id));
  const first = await writeTempFile(target('one'), bytes('one'));
  const second = await writeTempFile(target('two'), bytes('two'));
  const entries = [
    [first, target('one')],
    [second, target('two')],
  ].map((pair) => pair.map((p) => p.slice(dir.length + 1)));
  await writeFile(join(dir, JOURNAL_FILE), JSON.stringify({ version: 1, renames: entries }));
  await rename(first, target('one'));
  const reopened = await FileBackend.open(dir);
  assert.deepEqual(
    (await reopened.list('messages', 'c')).map((r) => text(r.body)),
    ['before', 'one', 'two'],
  );
  assert.ok(!(await filesUnder(dir)).some((f) => f === JOURNAL_FILE || f.includes('~')));
  await reopened.close();
});

test('reopening drops a write that crashed before its commit point', async () => {
  const dir = await tempDir();
  await (await FileBackend.open(dir)).close();
  const messages = join(dir, 'conversations', 'c', 'messages');
  await mkdir(messages, { recursive: true });
  await writeTempFile(join(messages, 'one'), bytes('never committed'));
  const reopened = await FileBackend.open(dir);
  assert.deepEqual(await reopened.list('messages'), []);
  assert.deepEqual(await readdir(messages), [], 'the temp file is swept');
  await reopened.close();
});

test('reopening finishes a delete that crashed after it started: key first, then the rows', async () => {
  const dir = await tempDir();
  const backend = await FileBackend.open(dir);
  await backend.putSecret(dataKeyName('c'), new Uint8Array(40));
  await backend.write([row('conversations', 'c', 'c', 'conversation'), row('messages', 'm', 'c', 'message')]);
  await backend.close();
  // A delete that got as far as its marker and the key: the rows are still on disk.
  await mkdir(join(dir, 'deleting'));
  await writeFile(join(dir, 'deleting', 'c'), '');
  await rm(join(dir, 'secrets', toFileName(dataKeyName('c'))));
  const reopened = await FileBackend.open(dir);
  assert.deepEqual(await reopened.list('conversations'), []);
  assert.deepEqual(await reopened.list('messages'), []);
  assert.deepEqual((await filesUnder(dir)).sort(), ['format', LOCK_FILE]);
  await reopened.close();
});

test('refuses a directory that holds other files, and a store of a newer format', async () => {
  const foreign = await tempDir();
  await writeFile(join(foreign, 'notes.txt'), 'mine');
  await assert.rejects(FileBackend.open(foreign), isStorageError(/already holds other files/));
  assert.deepEqual(await readdir(foreign), ['notes.txt'], 'nothing is left behind, not even the lock');
  const newer = await tempDir();
  await writeFile(join(newer, 'format'), 'tessera-file-store 2\n');
  await assert.rejects(FileBackend.open(newer), isStorageError(/newer version of Tessera/));
});

test('a second open of the directory in this process is refused, naming this process', async () => {
  const dir = await tempDir();
  const first = await FileBackend.open(dir);
  await assert.rejects(FileBackend.open(dir), isStorageError(new RegExp(`in use by process ${process.pid}\\b`)));
  await first.close();
  const again = await FileBackend.open(dir);
  await again.close();
  await assert.rejects(again.list('messages'), isStorageError(/is closed/));
});

test('another process holding the directory is refused; its lock is taken over once it is killed', async () => {
  const dir = await tempDir();
  const holder = startChild('hold', dir);
  try {
    assert.equal((await holder.lines.next()).value, 'open');
    await assert.rejects(FileBackend.open(dir), isStorageError(new RegExp(`in use by process ${holder.pid}\\b`)));
  } finally {
    holder.kill();
    await holder.exited;
  }
  const backend = await FileBackend.open(dir);
  assert.match(await readFile(join(dir, LOCK_FILE), 'utf8'), new RegExp(`^${process.pid}\\n`));
  await backend.close();
  await assert.rejects(stat(join(dir, LOCK_FILE)), { code: 'ENOENT' }, 'close releases the lock');
});

test('a lock file left by a process that is gone is taken over', async () => {
  const dir = await tempDir();
  await (await FileBackend.open(dir)).close();
  const pid = await deadPid();
  await writeFile(join(dir, LOCK_FILE), `${pid}\nleft-behind\n`);
  const backend = await FileBackend.open(dir);
  assert.match(await readFile(join(dir, LOCK_FILE), 'utf8'), new RegExp(`^${process.pid}\\n`));
  await backend.close();
});

interface Batch {
  batch: number;
  part: string;
  padLength: number;
  pad: string;
}

/** Parses a row body written by the crash writer; fails on a torn (partly written) file. */
function parseBatch(body: unknown): Batch {
  const parsed = JSON.parse(text(body)) as Batch;
  assert.equal(parsed.pad.length, parsed.padLength, 'a row is whole');
  return parsed;
}

/** Whether a batch after n, up to `last`, deleted batch n's conversation. */
function deletedBetween(n: number, last: number): boolean {
  for (let d = n + 1; d <= last; d++)
    if (batchDeletes(d) && conversationOfBatch(d) === conversationOfBatch(n)) return true;
  return false;
}

for (let round = 1; round <= 5; round++) {
  test(`a writer SIGKILLed at a random moment leaves whole writes only (round ${round})`, async () => {
    const dir = await tempDir();
    const writer = startChild('backend', dir);
    const killAfter = 1 + Math.floor(Math.random() * 60);
    let acked = -1;
    while (acked < killAfter) {
      const { value, done } = await writer.lines.next();
      assert.ok(!done, 'the writer stopped on its own');
      acked = Number(/^ack (\d+)$/.exec(value)?.[1]);
    }
    // A random extra moment, so the kill lands anywhere in the next batch (not a threshold: nothing waits on it).
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    writer.kill();
    await writer.exited;
    for await (const line of { [Symbol.asyncIterator]: () => writer.lines }) {
      const n = /^ack (\d+)$/.exec(line)?.[1];
      if (n !== undefined) acked = Number(n);
    }

    const backend = await FileBackend.open(dir);
    const messages = new Map((await backend.list('messages')).map((r) => [r.id, r]));
    const acus = new Map((await backend.list('acus')).map((r) => [r.id, r]));
    for (const [id, r] of [...messages, ...acus]) {
      const { batch } = parseBatch(r.body);
      assert.equal(id.slice(2), String(batch));
      assert.equal(r.conversationId, conversationOfBatch(batch));
    }
    // The batch in flight at the kill (acked + 1) may be there or not; every one before it is decided.
    for (let n = 0; n <= acked + 1; n++) {
      assert.equal(messages.has(`m-${n}`), acus.has(`a-${n}`), `batch ${n} is whole or absent`);
      if (n > acked) continue;
      // Batch d starts by deleting its conversation: acknowledged, the delete is done; in flight, it may be.
      if (deletedBetween(n, acked)) assert.ok(!messages.has(`m-${n}`), `batch ${n} was deleted`);
      else if (!deletedBetween(n, acked + 1)) assert.ok(messages.has(`m-${n}`), `acknowledged batch ${n} is kept`);
    }
    assert.ok(![...messages.keys()].some((id) => Number(id.slice(2)) > acked + 1), 'nothing past the batch in flight');
    for (const c of CONVERSATIONS) {
      const rows = await backend.list('messages', c);
      const conversation = await backend.get('conversations', c);
      if (rows.length === 0) continue;
      assert.ok(await backend.getSecret(dataKeyName(c)), `conversation ${c} has rows, so it has its key`);
      const newest = Math.max(...rows.map((r) => parseBatch(r.body).batch));
      assert.equal(conversation && parseBatch(conversation.body).batch, newest, `${c}'s own row is as new as its rows`);
    }
    assert.ok(!(await filesUnder(dir)).some((f) => f.includes('~') || f === JOURNAL_FILE), 'no temp files remain');
    await backend.close();
  });
}
