import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryStore, isStorageError } from '@agentmap/storage-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditAlert,
  accessDenialBurstRule,
  applyAuditRetention,
  bulkDeletionRule,
  createAuditLog,
  createAuditMonitor,
  createSiemExporter,
  outsideHoursRule,
  readAuditLog,
  toCef,
  verifyAuditLog,
} from '../src/index';
import { event, hmacKey } from './fixtures/events';


describe('reading and exporting the log', () => {
  it('reads events back in order, decrypting them with the key', async () => {
    const store = createMemoryStore();
    const encryptionKey = Buffer.alloc(32, 9);
    const log = createAuditLog({ store, signing: { hmacKey }, encryptionKey, segmentEntries: 3 });
    for (let i = 1; i <= 7; i++) log.record(event(i));
    await log.close();
    const read: number[] = [];
    for await (const record of readAuditLog(store, { encryptionKey })) read.push(Number(record.event.resource.match(/\d+/)![0]));
    expect(read).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const wrong = await (async () => {
      for await (const record of readAuditLog(store, { encryptionKey: Buffer.alloc(32, 1) })) return record;
    })().catch((e: unknown) => e);
    expect(isStorageError(wrong, 'CORRUPT_DATA')).toBe(true);
  });

  it('formats CEF with escaped header and extension values', () => {
    const cef = toCef(event(1, { resource: 'a=b|c\\d\nx', principal: 'eve|x', result: 'denied', action: 'delete', eventType: 'access_denied', sourceIp: '10.0.0.1', errorCode: 'PERMISSION_DENIED' }));
    expect(cef.startsWith('CEF:0|AgentMap|Storage|1|access_denied:delete|delete denied|8|')).toBe(true);
    expect(cef).toContain('request=a\\=b|c\\\\d\\nx');
    expect(cef).toContain('suser=eve|x');
    expect(cef).toContain('src=10.0.0.1');
    expect(cef).toContain('cs3Label=errorCode cs3=PERMISSION_DENIED');
    expect(cef).not.toContain('\n');
  });
});

describe('the SIEM exporter', () => {
  const received: { body: string; auth: string | undefined }[] = [];
  let failuresLeft = 0;
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end();
        return;
      }
      received.push({ body, auth: req.headers.authorization });
      res.writeHead(status).end();
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers CEF lines, retrying 503s with backoff', async () => {
    failuresLeft = 2;
    status = 200;
    const exporter = createSiemExporter({ endpoint: url, headers: { authorization: 'Bearer siem-token' }, minDelayMs: 5, maxDelayMs: 20 });
    await exporter.send([event(1), event(2)]);
    expect(received.at(-1)!.body.trim().split('\n')).toHaveLength(2);
    expect(received.at(-1)!.auth).toBe('Bearer siem-token');
  });

  it('gives up after its retries with UNAVAILABLE, and fails a refusal at once without echoing headers', async () => {
    failuresLeft = 10;
    const exporter = createSiemExporter({ endpoint: url, format: 'json', retries: 2, minDelayMs: 1, maxDelayMs: 5, headers: { authorization: 'Bearer siem-token' } });
    const unavailable = await exporter.send([event(1)]).catch((e: unknown) => e);
    expect(isStorageError(unavailable, 'UNAVAILABLE')).toBe(true);
    failuresLeft = 0;
    status = 401;
    const refused = await exporter.send([event(1)]).catch((e: unknown) => e);
    expect(isStorageError(refused, 'UNAUTHENTICATED')).toBe(true);
    expect(JSON.stringify(refused) + String((refused as Error).message)).not.toContain('siem-token');
    status = 200;
  });
});

describe('real-time rules', () => {
  it('raise bulk deletion, denial bursts and out-of-hours alerts once per cooldown', () => {
    const alerts: AuditAlert[] = [];
    const monitor = createAuditMonitor({
      rules: [bulkDeletionRule({ count: 5, windowMs: 60_000 }), accessDenialBurstRule({ count: 3, windowMs: 60_000 }), outsideHoursRule({ start: '08:00', end: '18:00', timezone: 'UTC' })],
      sink: (alert) => alerts.push(alert),
    });
    for (let i = 0; i < 8; i++) monitor.observe(event(i, { action: 'delete' }));
    for (let i = 0; i < 4; i++) monitor.observe(event(i, { principal: 'bob', result: 'denied' }));
    monitor.observe({ ...event(1, { principal: 'carol' }), timestamp: '2026-01-01T03:00:00.000Z' });
    expect(alerts.map((a) => [a.rule, a.principal])).toEqual([
      ['bulk_deletion', 'alice'],
      ['access_denial_burst', 'bob'],
      ['outside_hours', 'carol'],
    ]);
    expect(alerts[0]!.message).toBe('5 deletions within 60 s');
  });

  it('never lets a failing sink fail the caller', () => {
    const monitor = createAuditMonitor({ rules: [outsideHoursRule({ start: '08:00', end: '09:00' })], sink: () => Promise.reject(new Error('pager down')) });
    expect(() => monitor.observe(event(1))).not.toThrow();
    const throwing = createAuditMonitor({ rules: [outsideHoursRule({ start: '08:00', end: '09:00' })], sink: () => { throw new Error('pager down'); } });
    expect(() => throwing.observe(event(1))).not.toThrow();
  });
});

describe('retention', () => {
  it('deletes old sealed segments and keeps the rest verifiable from a signed anchor', async () => {
    const store = createMemoryStore();
    const log = createAuditLog({ store, signing: { hmacKey }, segmentEntries: 3 });
    for (let i = 1; i <= 10; i++) log.record(event(i));
    await log.close();
    const report = await applyAuditRetention(store, { maxAgeDays: 30, signing: { hmacKey }, now: new Date(Date.now() + 40 * 86_400_000) });
    expect(report.deleted).toEqual([1, 2, 3]);
    expect(report.anchor).toMatchObject({ segment: 4, firstSeq: 10 });
    expect(await verifyAuditLog(store, { signing: { hmacKey } })).toMatchObject({ valid: true, entries: 1 });
    // Appending after retention continues the chain.
    const more = createAuditLog({ store, signing: { hmacKey }, segmentEntries: 3 });
    more.record(event(11));
    await more.close();
    expect(await verifyAuditLog(store, { signing: { hmacKey } })).toMatchObject({ valid: true, entries: 2 });
    expect((await applyAuditRetention(store, { maxAgeDays: 30, signing: { hmacKey } })).deleted).toEqual([]);
  });

  it('detects a forged anchor', async () => {
    const store = createMemoryStore();
    const log = createAuditLog({ store, signing: { hmacKey }, segmentEntries: 2 });
    for (let i = 1; i <= 5; i++) log.record(event(i));
    await log.close();
    await applyAuditRetention(store, { maxAgeDays: 1, signing: { hmacKey: 'the-attackers-own-32-byte-key!!!' }, now: new Date(Date.now() + 5 * 86_400_000) });
    expect((await verifyAuditLog(store, { signing: { hmacKey } })).problems.map((p) => p.reason)).toContain('the retention anchor has an invalid signature');
  });
});
