import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryStore, parseStorageConfig } from '@agentmap/storage-core';
import { createJsonStorage } from '@agentmap/storage-json';
import { describe, expect, it } from 'vitest';
import { checkCompliance, parseCompliancePolicy, runAs, withAccessControl, withAudit, withEncryption, withFieldEncryption } from '../src/index';

const DAY = 86_400_000;

describe('checkCompliance', () => {
  it('reads the security block of the guide and a compliance block', async () => {
    const config = parseStorageConfig(await readFile(join(import.meta.dirname, 'fixtures', 'guide-production-governance.yaml'), 'utf8'));
    expect(parseCompliancePolicy(config).security).toMatchObject({ encryption_at_rest: true, audit_logging: true });
    expect(parseCompliancePolicy({ regulations: { gdpr: { max_retention_days: 2555 } } }).regulations?.gdpr?.max_retention_days).toBe(2555);
    expect(() => parseCompliancePolicy({ regulations: { gdpr: { max_retention_days: 'long' } } })).toThrow(/regulations\.gdpr\.max_retention_days/);
  });

  it('finds retention, encryption, access control, audit and presign problems on exact resources', async () => {
    const plain = createMemoryStore({ name: 'plain' });
    await plain.put('old.json', '{}');
    const key = randomBytes(32);
    const inner = createMemoryStore({ name: 'governed' });
    const auditStore = createMemoryStore();
    const governed = withAudit(withAccessControl(withEncryption(inner, { keys: { k1: key } }), { roles: { admin: ['*:**'] }, userRoles: { ops: ['admin'] } }), { log: auditStore, level: 'detailed' });

    const rawUsers = createMemoryStore({ name: 'users' });
    const sealed = withFieldEncryption(createJsonStorage({ store: rawUsers }), { fields: ['ssn'], keys: { k1: key } });
    await sealed.write('people', { name: 'Ada', ssn: '078-05-1120' }, 'u1');
    await createJsonStorage({ store: rawUsers }).write('leaky', { u2: { name: 'Eve', ssn: '123-45-6789' } });

    await runAs({ id: 'ops' }, async () => {
      await governed.put('doc.txt', 'x');
      await governed.presign?.('doc.txt', { method: 'GET', expiresIn: 7 * 86_400 }).catch(() => undefined);
    });
    await governed.audit.flush();

    const report = await runAs({ id: 'ops' }, () => checkCompliance({
      stores: { plain, governed, users: rawUsers },
      policy: {
        compliance: { regulations: { gdpr: { max_retention_days: 30 } }, encrypted_fields: [{ store: 'users', prefix: '', fields: ['ssn'] }], max_presign_seconds: 3600 },
        security: { encryption_at_rest: true, access_logging: true, audit_logging: true },
      },
      providerEncrypted: ['users'],
      auditLog: { store: auditStore },
      now: Date.now() + 40 * DAY,
    }));
    const got = report.findings.map((f) => `${f.severity} ${f.rule} ${f.resource}`);
    expect(got).toEqual(expect.arrayContaining([
      'critical encryption.fields users:leaky.json#ssn',
      'high encryption.at_rest plain',
      'high access_control plain',
      'high audit plain',
      'high gdpr.retention plain:old.json',
      'high access_control users',
      'high audit users',
    ]));
    expect(got.some((f) => f.includes('encryption.fields users:people.json'))).toBe(false);
    expect(got.some((f) => / governed$/.test(f))).toBe(false);
    expect(got).toContain('high gdpr.retention users:people.json');
    expect(report.findings[0]!.severity).toBe('critical');
    expect(report.compliant).toBe(false);
    if (governed.capabilities.presign) expect(got).toContain('medium presign.duration doc.txt');

    const json = JSON.parse(JSON.stringify(report)) as { findings: unknown[]; counts: Record<string, number> };
    expect(json.findings).toHaveLength(report.findings.length);
    expect(json.counts.critical).toBe(1);
    const markdown = report.toMarkdown();
    expect(markdown).toMatch(/^# Compliance report/);
    expect(markdown).toContain('| critical | encryption.fields | `users:leaky.json#ssn` |');
    expect(markdown).not.toContain('123-45-6789');
    await governed.close();
  });

  it('sums up findings past the per-rule cap', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 12; i++) await store.put(`k${i}`, 'x');
    const report = await checkCompliance({ stores: { s: store }, policy: { regulations: { gdpr: { max_retention_days: 1 } } }, now: Date.now() + 5 * DAY, maxFindingsPerRule: 10 });
    expect(report.findings).toHaveLength(11);
    expect(report.findings.at(-1)!.message).toMatch(/^2 more findings/);
  });
});
