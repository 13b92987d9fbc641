import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PUBLISHABLE_KEY_HEADER, vaultBlobListSchema, vaultBlobPutResultSchema } from '@tessera/core';
import { mintUserToken } from '../auth/user-token.js';
import { main } from '../cli.js';
import { killRunningClis, spawnCli } from '../test-support/spawn-cli.js';
import { tempDir } from '../test-support/temp-database.js';
import type { CliIo } from './io.js';

// Real `tessera` processes; the timeout only stops a hung run.
const PROCESS = { timeout: 180_000 };
const BLOBS = 6;
const BLOB_BYTES = 256 * 1024;

/** The bytes of generation `generation` of blob `id`: big enough that a write takes a while. */
function content(id: string, generation: number): Uint8Array<ArrayBuffer> {
  const seed = createHash('sha256').update(`${id}:${generation}`).digest();
  const bytes = new Uint8Array(BLOB_BYTES);
  for (let i = 0; i < bytes.length; i += seed.length) bytes.set(seed.subarray(0, bytes.length - i), i);
  return bytes;
}

function generationOf(id: string, bytes: Uint8Array, maxGeneration: number): number | undefined {
  for (let generation = 0; generation <= maxGeneration; generation++) {
    if (Buffer.from(content(id, generation)).equals(Buffer.from(bytes))) return generation;
  }
  return undefined;
}

function quietIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: process.cwd(),
    stop: new AbortController().signal,
  };
}

describe('crash safety: SIGKILL during vault writes (processes, PGlite)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let dataDir: string;
  let partner: { id: string; publishableKey: string; secretKey: string };

  before(async () => {
    dir = await tempDir();
    dataDir = join(dir.path, 'data');
    const io = quietIo();
    const code = await main(
      [
        'partner',
        'create',
        '--name',
        'Crash',
        '--id',
        'crash',
        '--origin',
        'https://crash.example',
        '--data-dir',
        dataDir,
      ],
      io,
    );
    assert.equal(code, 0, io.err.join(''));
    partner = JSON.parse(io.out.join(''));
  });
  after(async () => {
    killRunningClis();
    await dir?.dispose();
  });

  it('keeps every blob at a whole version, acknowledged writes included, and opens cleanly', PROCESS, async () => {
    const first = spawnCli(['serve', '--port', '0', '--data-dir', dataDir]);
    const base = (await first.waitForLine(/^listening on /)).replace('listening on ', '');

    // While the server holds the directory, the CLI refuses to open it.
    const refused = spawnCli(['partner', 'list', '--data-dir', dataDir]);
    assert.deepEqual(await refused.exited, { code: 1, signal: null });
    assert.match(refused.stderr.join('\n'), /in use by another Tessera process \(pid \d+\): stop that process/);

    const token = await mintUserToken({ secretKey: partner.secretKey, userId: 'crash-user', ttlSeconds: 3600 });
    const headers = { [PUBLISHABLE_KEY_HEADER]: partner.publishableKey, Authorization: `Bearer ${token}` };
    const ids = Array.from({ length: BLOBS }, (_, index) => `blob-${index}`);
    // Per blob: the highest generation sent, and the acknowledged (generation, version) pairs.
    const sent = new Map(ids.map((id) => [id, 0]));
    const acknowledged = new Map<string, Array<{ generation: number; version: string }>>(ids.map((id) => [id, []]));

    const putBlob = async (id: string, generation: number, ifMatch?: string) => {
      sent.set(id, Math.max(sent.get(id) ?? 0, generation));
      const response = await fetch(`${base}/v1/vault/blobs/${id}`, {
        method: 'PUT',
        headers: {
          ...headers,
          'Content-Type': 'application/octet-stream',
          ...(ifMatch ? { 'If-Match': ifMatch } : {}),
        },
        body: content(id, generation),
      });
      const body = await response.json();
      if (response.status !== 200 && response.status !== 201)
        throw new Error(`${response.status} ${JSON.stringify(body)}`);
      const { version } = vaultBlobPutResultSchema.parse(body);
      acknowledged.get(id)?.push({ generation, version });
      return version;
    };
    for (const id of ids) await putBlob(id, 0);

    // Every blob is rewritten over and over, all blobs at once, until the process is killed.
    let killed = false;
    const writers = ids.map(async (id) => {
      let version = acknowledged.get(id)?.[0]?.version as string;
      for (let generation = 1; !killed; generation++) {
        try {
          version = await putBlob(id, generation, `"${version}"`);
        } catch {
          return; // the connection died with the server
        }
      }
    });
    // Kill once a good number of writes went through, whatever the machine's speed.
    while ([...acknowledged.values()].reduce((sum, list) => sum + list.length, 0) < BLOBS * 4) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    first.child.kill('SIGKILL');
    killed = true;
    assert.equal((await first.exited).signal, 'SIGKILL');
    await Promise.all(writers);

    const second = spawnCli(['serve', '--port', '0', '--data-dir', dataDir]);
    const base2 = (await second.waitForLine(/^listening on /)).replace('listening on ', '');
    assert.equal((await fetch(`${base2}/ready`)).status, 200, 'the database opened and migrated cleanly');

    const listed = vaultBlobListSchema.parse(
      await (await fetch(`${base2}/v1/vault/blobs?limit=1000`, { headers })).json(),
    );
    assert.deepEqual(listed.blobs.map((blob) => blob.id).sort(), [...ids].sort());
    for (const id of ids) {
      const response = await fetch(`${base2}/v1/vault/blobs/${id}`, { headers });
      assert.equal(response.status, 200, id);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const generation = generationOf(id, bytes, sent.get(id) ?? 0);
      assert.notEqual(generation, undefined, `${id} holds exactly one version's bytes, not a mix`);
      const version = response.headers.get('ETag')?.replaceAll('"', '');
      assert.equal(listed.blobs.find((blob) => blob.id === id)?.version, version, `${id}: list and read agree`);
      const acks = acknowledged.get(id) ?? [];
      const last = acks.at(-1);
      assert.ok(last);
      assert.ok(
        (generation ?? -1) >= last.generation,
        `${id}: an acknowledged write survived (${generation} < ${last.generation})`,
      );
      const ack = acks.find((entry) => entry.generation === generation);
      if (ack) assert.equal(ack.version, version, `${id}: the bytes are those of their version`);
      // The blob can be updated again from where it is.
      const next = await fetch(`${base2}/v1/vault/blobs/${id}`, {
        method: 'PUT',
        headers: { ...headers, 'If-Match': `"${version}"` },
        body: content(id, 999),
      });
      assert.equal(next.status, 200, id);
    }

    second.child.kill('SIGTERM');
    assert.deepEqual(await second.exited, { code: 0, signal: null }, second.stderr.join('\n'));
  });
});
