import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TesseraError } from '../errors/tessera-error.js';
import { TesseraEvents, type TesseraWarning } from '../events/tessera-events.js';
import { createTessera } from '../tessera.js';
import type { AuditEntry } from './audit-entry.js';
import { createAuditLog } from './audit-log.js';
import { MemoryStore } from './memory-store.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function auditLogOver(store: MemoryStore, ownerId = 'ada') {
  const events = new TesseraEvents();
  const warnings: TesseraWarning[] = [];
  events.on('warning', (warning) => warnings.push(warning));
  return { log: createAuditLog({ store: async () => store, ownerId, events }), warnings };
}

/** A memory store whose audit writes fail `failures` times, then succeed. */
class RefusingAuditStore extends MemoryStore {
  failures: number;

  constructor(failures = Number.POSITIVE_INFINITY) {
    super();
    this.failures = failures;
  }

  override async appendAudit(entry: AuditEntry): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new TesseraError('storage', 'Could not save the audit log: the disk is full.');
    }
    return super.appendAudit(entry);
  }
}

test('entries are listed newest first, with an id, the time and the actor added', async () => {
  const { log, warnings } = auditLogOver(new MemoryStore(), 'ada');
  log.record({ action: 'import', via: 'io', format: 'chatgpt', count: 2 });
  log.record({ action: 'export', via: 'io', format: 'zip', count: 2 });
  log.record({ action: 'verify', via: 'acu', conversationId: 'c1', count: 4 });
  const entries = await log.list();
  assert.deepEqual(
    entries.map((e) => e.action),
    ['verify', 'export', 'import'],
  );
  for (const entry of entries) {
    assert.match(entry.id, UUID_V7);
    assert.equal(entry.actor, 'ada');
    assert.equal(new Date(entry.at).toISOString(), entry.at);
    assert.equal('origin' in entry, false, 'Node has no page origin');
  }
  assert.deepEqual(entries[0], { ...entries[0], via: 'acu', conversationId: 'c1', count: 4 });
  assert.deepEqual(
    (await log.list({ limit: 2 })).map((e) => e.action),
    ['verify', 'export'],
  );
  assert.deepEqual(warnings, []);
});

test('many entries recorded in one burst keep their order', async () => {
  const { log } = auditLogOver(new MemoryStore());
  for (let i = 0; i < 50; i++) log.record({ action: 'verify', via: 'acu', count: i });
  const counts = (await log.list()).map((e) => e.count);
  assert.deepEqual(
    counts,
    Array.from({ length: 50 }, (_, i) => 49 - i),
  );
});

test('an entry made in a page carries the page origin', async (t) => {
  const global = globalThis as { location?: unknown };
  global.location = { origin: 'https://partner.example' };
  t.after(() => {
    delete global.location;
  });
  const { log } = auditLogOver(new MemoryStore());
  log.record({ action: 'export', via: 'io', format: 'json', count: 1 });
  const [entry] = await log.list();
  assert.equal(entry?.origin, 'https://partner.example');
});

test('writes are queued: the second starts only once the first is written', async () => {
  const calls: string[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let firstStarted = () => {};
  const started = new Promise<void>((resolve) => {
    firstStarted = resolve;
  });
  class GatedStore extends MemoryStore {
    override async appendAudit(entry: AuditEntry): Promise<void> {
      calls.push(`start ${entry.action}`);
      if (entry.action === 'import') {
        firstStarted();
        await gate;
      }
      await super.appendAudit(entry);
      calls.push(`end ${entry.action}`);
    }
  }
  const { log } = auditLogOver(new GatedStore());
  log.record({ action: 'import', via: 'io', format: 'claude', count: 1 });
  log.record({ action: 'export', via: 'io', format: 'json', count: 1 });
  await started;
  // Let every pending callback run: the export must still be waiting behind the import.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, ['start import']);
  release();
  await log.settled();
  assert.deepEqual(calls, ['start import', 'end import', 'start export', 'end export']);
});

test('a failed write never throws into the caller: it is a warning with the entry, and later writes go on', async () => {
  const { log, warnings } = auditLogOver(new RefusingAuditStore(1));
  assert.equal(log.record({ action: 'import', via: 'io', format: 'chatgpt', count: 3 }), undefined);
  log.record({ action: 'export', via: 'io', format: 'json', count: 3 });
  await log.settled();
  assert.equal(warnings.length, 1);
  const [warning] = warnings;
  assert.equal(warning?.code, 'audit-write-failed');
  assert.match(warning?.message ?? '', /audit entry \(import\) could not be written.*disk is full/);
  assert.equal(warning?.code === 'audit-write-failed' && warning.entry?.action, 'import');
  assert.equal(warning?.code === 'audit-write-failed' && warning.entry?.count, 3);
  assert.deepEqual(
    (await log.list()).map((e) => e.action),
    ['export'],
  );
});

test('a malformed entry is refused with a warning, never thrown, and never passed on', async () => {
  const { log, warnings } = auditLogOver(new MemoryStore());
  log.record({ action: 'export', via: 'io', title: 'Secret holiday plans' } as never);
  log.record({ action: 'conversation.undelete', via: 'io' } as never);
  await log.settled();
  assert.deepEqual(
    warnings.map((w) => w.code),
    ['audit-write-failed', 'audit-write-failed'],
  );
  for (const warning of warnings) {
    assert.equal('entry' in warning, false);
    assert.ok(!warning.message.includes('Secret holiday plans'));
  }
  assert.match(warnings[0]?.message ?? '', /`title`/);
  assert.deepEqual(await log.list(), []);
});

test('with no one listening, a failed write is printed, message only', async (t) => {
  const printed = t.mock.method(console, 'warn', () => {});
  const log = createAuditLog({
    store: async () => new RefusingAuditStore(),
    ownerId: 'ada',
    events: new TesseraEvents(),
  });
  log.record({ action: 'verify', via: 'acu', conversationId: 'c-42', count: 1 });
  await log.settled();
  assert.equal(printed.mock.callCount(), 1);
  assert.match(
    String(printed.mock.calls[0]?.arguments[0]),
    /^\[tessera\] An audit entry \(verify\) could not be written/,
  );
});

test('an instance whose store refuses audit writes still deletes, and warns with the entry it lost', async () => {
  const tessera = createTessera({ store: new RefusingAuditStore() });
  const warnings: TesseraWarning[] = [];
  tessera.events.on('warning', (warning) => warnings.push(warning));
  try {
    const store = await tessera.store.open();
    const now = new Date().toISOString();
    await store.putConversation({ id: 'c1', title: 'Tiles', createdAt: now, updatedAt: now });
    const receipt = await tessera.store.deleteConversation('c1');
    assert.deepEqual(await tessera.store.verifyReceipt(receipt), { ok: true });
    assert.deepEqual(await tessera.store.audit(), []);
    const lost = warnings.flatMap((w) => (w.code === 'audit-write-failed' && w.entry ? [w.entry] : []));
    assert.deepEqual(
      lost.map((e) => e.action),
      ['store.open', 'signing-key.create', 'conversation.delete'],
    );
    assert.equal(lost[2]?.receiptHash, receipt.hash);
  } finally {
    await tessera.close();
  }
});
