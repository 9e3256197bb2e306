import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ObjectStore, createLocalStore, createMemoryStore, isStorageError } from '@agentmap/storage-core';
import { wrapStore } from '@agentmap/storage-core/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditEvent, createAuditLog, runAs, verifyAuditLog, withAccessControl, withAudit } from '../src/index';
import { event, hmacKey } from './fixtures/events';
import { runTs } from '@agentmap/test-servers';

const dir = mkdtempSync(join(tmpdir(), 'agentmap-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (body: Uint8Array) => Buffer.from(body).toString('utf8');

/** A log of `n` events in `store`, with segments of `segmentEntries`. */
async function writeLog(store: ObjectStore, n: number, segmentEntries = 4, extra: Partial<Parameters<typeof createAuditLog>[0]> = {}) {
  const log = createAuditLog({ store, signing: { hmacKey }, segmentEntries, maxBuffered: 3, ...extra });
  for (let i = 1; i <= n; i++) log.record(event(i));
  await log.close();
}

async function lines(store: ObjectStore, segment: number): Promise<string[]> {
  return text((await store.get(`audit/segments/${String(segment).padStart(8, '0')}.jsonl`)).body).split('\n').filter(Boolean);
}
async function rewrite(store: ObjectStore, segment: number, next: string[]) {
  await store.put(`audit/segments/${String(segment).padStart(8, '0')}.jsonl`, next.join('\n') + '\n');
}
const reasons = async (store: ObjectStore) => (await verifyAuditLog(store, { signing: { hmacKey } })).problems.map((p) => p.reason);

describe('the audit log', () => {
  it('chains entries across sealed segments and verifies, with signatures checked', async () => {
    const store = createMemoryStore();
    await writeLog(store, 10);
    const result = await verifyAuditLog(store, { signing: { hmacKey } });
    expect(result).toMatchObject({ valid: true, entries: 10, segments: 3, sealed: 2, signaturesChecked: true, problems: [] });
    expect((await verifyAuditLog(store)).signaturesChecked).toBe(false);
    expect((await verifyAuditLog(store, { signing: { hmacKey: 'another-key-of-32-bytes-for-hmac' } })).problems.map((p) => p.reason)).toContain('the seal of segment 1 has an invalid signature');
  });

  it('detects an edited entry and says where', async () => {
    const store = createMemoryStore();
    await writeLog(store, 10);
    const seg = await lines(store, 2);
    await rewrite(store, 2, seg.map((line) => line.replace('users/6.json', 'users/66.json')));
    const { valid, problems } = await verifyAuditLog(store, { signing: { hmacKey } });
    expect(valid).toBe(false);
    expect(problems).toContainEqual({ segment: 2, entry: 6, reason: 'entry 6 was altered (its hash does not match its content)' });
  });

  it('detects a deleted, an inserted and a reordered entry', async () => {
    const deleted = createMemoryStore();
    await writeLog(deleted, 10);
    const a = await lines(deleted, 2);
    await rewrite(deleted, 2, [a[0]!, ...a.slice(2)]);
    expect(await reasons(deleted)).toContain('entries 6–6 are missing before entry 7');

    const inserted = createMemoryStore();
    await writeLog(inserted, 10);
    const b = await lines(inserted, 3);
    await rewrite(inserted, 3, [b[0]!, b[0]!.replace('"seq":9', '"seq":10'), ...b.slice(1)]);
    expect((await reasons(inserted)).some((r) => /entry 10 was altered|out of order or repeated/.test(r))).toBe(true);

    const reordered = createMemoryStore();
    await writeLog(reordered, 10);
    const c = await lines(reordered, 1);
    await rewrite(reordered, 1, [c[1]!, c[0]!, ...c.slice(2)]);
    const found = await reasons(reordered);
    expect(found).toContain('entries 1–1 are missing before entry 2');
    expect(found).toContain('entry 1 is out of order or repeated (after 2)');
  });

  it('detects a truncated tail and a deleted segment', async () => {
    const truncated = createMemoryStore();
    await writeLog(truncated, 10);
    const t = await lines(truncated, 3);
    await rewrite(truncated, 3, t.slice(0, 1));
    expect(await reasons(truncated)).toContain('the log ends at entry 9 but its head says 10: the tail was truncated');

    const gone = createMemoryStore();
    await writeLog(gone, 10);
    await gone.delete('audit/segments/00000002.jsonl');
    const found = await reasons(gone);
    expect(found).toContain('segment 2 is missing (the next one found is 3)');
  });

  it('detects a rewritten chain by its seals and head, even when every hash is recomputed', async () => {
    const store = createMemoryStore();
    await writeLog(store, 6, 100);
    // An attacker without the key rewrites the log from scratch with different events.
    const forged = createMemoryStore();
    const log = createAuditLog({ store: forged, signing: { hmacKey: 'the-attackers-own-32-byte-key!!!' }, segmentEntries: 100 });
    for (let i = 1; i <= 6; i++) log.record(event(i, { principal: 'mallory' }));
    await log.close();
    await store.put('audit/segments/00000001.jsonl', (await forged.get('audit/segments/00000001.jsonl')).body);
    await store.put('audit/head.json', (await forged.get('audit/head.json')).body);
    expect(await reasons(store)).toContain('the head record has an invalid signature');
  });

  it('signs with Ed25519 and verifies with the public key alone', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const store = createMemoryStore();
    const log = createAuditLog({ store, signing: { privateKey }, segmentEntries: 2 });
    for (let i = 1; i <= 5; i++) log.record(event(i));
    await log.close();
    expect(await verifyAuditLog(store, { signing: { publicKey } })).toMatchObject({ valid: true, sealed: 2, signaturesChecked: true });
    const other = generateKeyPairSync('ed25519').publicKey;
    expect((await verifyAuditLog(store, { signing: { publicKey: other } })).valid).toBe(false);
    expect(() => createAuditLog({ store, signing: { publicKey } })).toThrow(/needs a signing key/);
  });

  it('encrypts entries so no event field is stored in the clear, and still verifies without the key', async () => {
    const store = createMemoryStore();
    await writeLog(store, 5, 100, { encryptionKey: Buffer.alloc(32, 7) });
    const stored = (await lines(store, 1)).join('\n');
    expect(stored).not.toContain('alice');
    expect(stored).not.toContain('users/');
    expect((await verifyAuditLog(store, { signing: { hmacKey } })).valid).toBe(true);
  });

  it('writes one chain from 4 processes appending at once', { timeout: 120_000 }, async () => {
    const baseDir = join(dir, 'processes');
    const runs = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((name) => runTs(join(import.meta.dirname, 'fixtures', 'audit-writer.ts'), [baseDir, name, '60'])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const result = await verifyAuditLog(createLocalStore({ baseDir }), { signing: { hmacKey } });
    expect(result.problems).toEqual([]);
    expect(result.entries).toBe(240);
    expect(result.sealed).toBeGreaterThanOrEqual(5);
  });

  it('does not write a batch twice when the answer to its write is lost', async () => {
    const store = createMemoryStore();
    // The first put of each key commits and then fails as a lost answer would.
    let failNext = true;
    const lossy = wrapStore(store, async (call, invoke) => {
      const result = await invoke(call.signal);
      if (call.operation === 'put' && call.key.includes('segments/') && failNext) {
        failNext = false;
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      return result;
    });
    const log = createAuditLog({ store: lossy, signing: { hmacKey }, onError: () => undefined });
    log.record(event(1));
    log.record(event(2));
    await expect(log.flush()).rejects.toThrow(/socket hang up/);
    expect(log.pending).toBe(2);
    await log.close();
    const result = await verifyAuditLog(store, { signing: { hmacKey } });
    expect(result).toMatchObject({ valid: true, entries: 2 });
  });
});

describe('withAudit', () => {
  it('records who did what, with the fields of the level, and denials as access_denied', async () => {
    const data = createMemoryStore();
    const logStore = createMemoryStore();
    const events: AuditEvent[] = [];
    const guarded = withAccessControl(data, { roles: { reader: ['read:users/*'], writer: ['read:*', 'write:users/*'] }, userRoles: { alice: ['writer'], bob: ['reader'] } });
    const audited = withAudit(guarded, { log: logStore, level: 'standard', signing: { hmacKey }, onEvent: (e) => events.push(e) });
    await runAs({ id: 'alice', ip: '10.0.0.1' }, () => audited.put('users/1.json', '{"a":1}'));
    await runAs({ id: 'bob' }, () => audited.get('users/1.json'));
    const denied = await runAs({ id: 'bob' }, () => audited.put('users/1.json', '{}')).catch((e: unknown) => e);
    expect(isStorageError(denied, 'PERMISSION_DENIED')).toBe(true);
    expect(text((await data.get('users/1.json')).body)).toBe('{"a":1}');
    await audited.close();
    expect(events.map((e) => [e.principal, e.action, e.result, e.eventType])).toEqual([
      ['alice', 'write', 'success', 'storage_operation'],
      ['bob', 'read', 'success', 'storage_operation'],
      ['bob', 'write', 'denied', 'access_denied'],
    ]);
    expect(events[0]).toMatchObject({ resource: 'users/1.json', provider: 'memory', size: 7 });
    expect(events[0]!.sourceIp).toBeUndefined(); // detailed only
    expect(events[2]!.errorCode).toBe('PERMISSION_DENIED');
    expect(await verifyAuditLog(logStore, { signing: { hmacKey } })).toMatchObject({ valid: true, entries: 3 });
  });

  it('keeps only who, what and the result at the basic level, and the client at detailed', async () => {
    const events: AuditEvent[] = [];
    const basic = withAudit(createMemoryStore(), { log: createMemoryStore(), level: 'basic', onEvent: (e) => events.push(e) });
    await basic.put('a', 'x');
    const detailed = withAudit(createMemoryStore(), { log: createMemoryStore(), level: 'detailed', onEvent: (e) => events.push(e) });
    await runAs({ id: 'carol', ip: '::1', userAgent: 'agent/1.0' }, () => detailed.put('a', 'x'));
    await Promise.all([basic.close(), detailed.close()]);
    expect(Object.keys(events[0]!).sort()).toEqual(['action', 'eventType', 'principal', 'resource', 'result', 'timestamp']);
    expect(events[1]).toMatchObject({ principal: 'carol', sourceIp: '::1', userAgent: 'agent/1.0', size: 1 });
  });

  it('refuses unknown options by name', () => {
    expect(() => withAudit(createMemoryStore(), { log: createMemoryStore(), levle: 'basic' } as never)).toThrow(/"levle" is not an option \(did you mean "level"\?\)/);
  });
});

describe('auditService', () => {
  it('records document-level events with collection, id, outcome and principal', async () => {
    const { createJsonStorage } = await import('@agentmap/storage-json');
    const { auditService } = await import('../src/index');
    const logStore = createMemoryStore();
    const log = createAuditLog({ store: logStore, signing: { hmacKey } });
    const events: AuditEvent[] = [];
    const users = auditService(createJsonStorage({ store: createMemoryStore() }), { log, service: 'json', onEvent: (e) => events.push(e) });
    await runAs({ id: 'alice' }, async () => {
      await users.write('users', { name: 'Ada' }, 'u1');
      await users.read('users', 'u1');
      await users.delete('users', 'missing');
    });
    await log.close();
    expect(events.map((e) => [e.principal, e.action, e.resource, e.documentId, e.result, e.errorCode])).toEqual([
      ['alice', 'write', 'users', 'u1', 'success', undefined],
      ['alice', 'read', 'users', 'u1', 'success', undefined],
      ['alice', 'delete', 'users', 'missing', 'failure', 'NOT_FOUND'],
    ]);
    expect(events[0]!.provider).toBe('json');
    expect(await verifyAuditLog(logStore, { signing: { hmacKey } })).toMatchObject({ valid: true, entries: 3 });
  });
});
