import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { TesseraError } from '../errors/tessera-error.js';
import { looksLikeZip, openZip } from './zip.js';

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

test('openZip lists files (not folders) and reads stored and deflated entries, from bytes and from a Blob', async () => {
  const zip = zipSync({
    'export/': {},
    'export/conversations.json': [encode('[{"a":1}]'), { level: 9 }],
    'export/raw.txt': [encode('stored as is'), { level: 0 }],
    'export/ünïcode name.json': encode('{}'),
  });
  assert.ok(looksLikeZip(zip));
  for (const source of [zip, new Blob([zip])]) {
    const entries = await openZip(source);
    assert.deepEqual(
      entries.map((e) => [e.path, e.size]),
      [
        ['export/conversations.json', 9],
        ['export/raw.txt', 12],
        ['export/ünïcode name.json', 2],
      ],
    );
    assert.equal(decode(await entries[0]!.read()), '[{"a":1}]');
    assert.equal(decode(await entries[1]!.read()), 'stored as is');
  }
});

test('openZip reads a Blob by slices: only the table of contents and the entries asked for', async () => {
  const big = new Uint8Array(2_000_000).map((_, i) => (i * 7919) & 0xff);
  const zip = zipSync({ 'images/huge.bin': [big, { level: 0 }], 'conversations.json': encode('[]') });
  let read = 0;
  class CountingBlob extends Blob {
    override slice(start?: number, end?: number): Blob {
      read += (end ?? this.size) - (start ?? 0);
      return super.slice(start, end);
    }
  }
  const counting = new CountingBlob([zip]);
  const entries = await openZip(counting);
  const conversations = entries.find((e) => e.path === 'conversations.json')!;
  assert.equal(decode(await conversations.read()), '[]');
  assert.ok(read < 100_000, `read ${read} bytes of ${zip.length}`);
});

/** A ZIP64 archive by hand: one stored entry whose sizes and offset live in the ZIP64 extra field. */
function zip64(name: string, data: Uint8Array): Uint8Array {
  const nameBytes = encode(name);
  const out: number[] = [];
  const u16 = (v: number) => out.push(v & 0xff, (v >> 8) & 0xff);
  const u32 = (v: number) => out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  const u64 = (v: number) => {
    u32(v % 2 ** 32);
    u32(Math.floor(v / 2 ** 32));
  };
  // Local header (sizes in its own ZIP64 extra).
  u32(0x04034b50);
  u16(45);
  u16(0x0800);
  u16(0);
  u32(0);
  u32(0);
  u32(0xffffffff);
  u32(0xffffffff);
  u16(nameBytes.length);
  u16(20);
  out.push(...nameBytes);
  u16(1);
  u16(16);
  u64(data.length);
  u64(data.length);
  out.push(...data);
  const directoryOffset = out.length;
  u32(0x02014b50);
  u16(45);
  u16(45);
  u16(0x0800);
  u16(0);
  u32(0);
  u32(0);
  u32(0xffffffff);
  u32(0xffffffff);
  u16(nameBytes.length);
  u16(28);
  u16(0);
  u16(0);
  u16(0);
  u32(0);
  u32(0xffffffff);
  out.push(...nameBytes);
  u16(1);
  u16(24);
  u64(data.length);
  u64(data.length);
  u64(0);
  const directorySize = out.length - directoryOffset;
  const record = out.length;
  u32(0x06064b50);
  u64(44);
  u16(45);
  u16(45);
  u32(0);
  u32(0);
  u64(1);
  u64(1);
  u64(directorySize);
  u64(directoryOffset);
  u32(0x07064b50);
  u32(0);
  u64(record);
  u32(1);
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(0xffff);
  u16(0xffff);
  u32(0xffffffff);
  u32(0xffffffff);
  u16(0);
  return new Uint8Array(out);
}

test('openZip reads ZIP64 archives (sizes and offsets in the extended fields)', async () => {
  const entries = await openZip(zip64('conversations.json', encode('[{"zip":64}]')));
  assert.deepEqual(
    entries.map((e) => [e.path, e.size]),
    [['conversations.json', 12]],
  );
  assert.equal(decode(await entries[0]!.read()), '[{"zip":64}]');
});

test('openZip refuses a cut or damaged archive with a validation error that says to download it again', async () => {
  const zip = zipSync({ 'conversations.json': encode('[1,2,3]') });
  for (const broken of [zip.subarray(0, zip.length - 10), zip.subarray(0, 40)]) {
    await assert.rejects(openZip(broken), (error: unknown) => {
      assert.ok(error instanceof TesseraError && error.code === 'validation');
      assert.match(error.message, /incomplete or damaged.*Download the export again/);
      return true;
    });
  }
  // An entry whose local header is not where the table of contents says.
  const corrupt = zip.slice();
  corrupt.fill(0, 0, 4);
  const [entry] = await openZip(corrupt);
  await assert.rejects(entry!.read(), /not where it should be/);
  const [intact] = await openZip(zip);
  assert.equal(decode(await intact!.read()), '[1,2,3]');
});
