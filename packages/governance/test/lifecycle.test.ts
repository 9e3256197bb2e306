import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ObjectStore, createLocalStore, createMemoryStore, isStorageError, parseStorageConfig } from '@agentmap/storage-core';
import { runTs } from '@agentmap/test-servers';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_PREFIX, applyLifecyclePlan, createAuditLog, decompressBytes, parseLifecycleConfig, planLifecycle, readAuditLog } from '../src/index';

const fixture = (name: string) => readFile(join(import.meta.dirname, 'fixtures', name), 'utf8');
const DAY = 86_400_000;
const later = (days: number) => Date.now() + days * DAY;

const policies = [
  { name: 'compress_logs', conditions: { age_days: 30, file_types: ['.log'] }, actions: [{ type: 'compress', format: 'gzip', delete_original: true }] },
  { name: 'data_retention', conditions: { age_days: 2555, data_type: 'personal_data' }, actions: [{ type: 'anonymize', fields: ['email', 'phone', 'address'] }, { type: 'archive', destination: 'long_term_archive' }] },
  { name: 'compliance_deletion', conditions: { age_days: 3650, compliance_flag: 'gdpr_deletion_required' }, actions: [{ type: 'secure_delete', verification: 'cryptographic' }] },
  { name: 'hot_to_warm', conditions: { age_days: 30 }, actions: [{ type: 'tier_transition', target: 'warm_storage' }] },
];

const USERS = JSON.stringify({ u1: { id: 'u1', name: 'Ada', email: 'ada@example.com', phone: '555' }, u2: { id: 'u2', name: 'Bob', email: 'bob@example.com', address: { street: 'x' } } });
const CSV = 'id,name,email,phone\n1,Ada,ada@example.com,555\n2,"Bob, Jr.",bob@example.com,\n';

async function seed(store: ObjectStore): Promise<void> {
  await store.put('logs/app.log', 'line one\nline two\n'.repeat(50));
  await store.put('people/users.json', USERS, { contentType: 'application/json', metadata: { 'data-type': 'personal_data' } });
  await store.put('people/users.csv', CSV, { contentType: 'text/csv', metadata: { 'data-type': 'personal_data' } });
  await store.put('gdpr/erase-me.json', '{"id":"x","secret":"s"}', { metadata: { 'compliance-flags': 'other, gdpr_deletion_required' } });
  await store.put('notes/keep.txt', 'plain');
}

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lifecycle-'));
  temps.push(dir);
  return dir;
};

describe('lifecycle config', () => {
  it('loads the guide lifecycle and cost_control blocks as written', async () => {
    for (const name of ['guide-lifecycle.yaml', 'guide-cost-control.yaml', 'guide-production-governance.yaml']) {
      const config = parseStorageConfig(await fixture(name));
      if (config.lifecycle) expect(parseLifecycleConfig(config.lifecycle).policies.length).toBeGreaterThan(0);
      const cost = config.cost_control as { optimization_rules?: unknown } | undefined;
      if (cost) expect(parseLifecycleConfig({ policies: cost.optimization_rules }).policies.map((p) => p.actions[0]!.type)).toEqual(['tier_transition', 'compress']);
    }
  });

  it('names the exact path of a bad value', () => {
    const attempt = (raw: unknown) => {
      try {
        parseLifecycleConfig(raw);
        return 'accepted';
      } catch (error) {
        return isStorageError(error) ? `${error.code}: ${error.message}` : 'other';
      }
    };
    expect(attempt({ policies: [{ name: 'a', conditions: { age_days: -1 }, actions: [{ type: 'delete' }] }] })).toMatch(/INVALID_ARGUMENT.*policies\[0\]\.conditions\.age_days/);
    expect(attempt({ policies: [{ name: 'a', actions: [{ type: 'compress', format: 'brotli' }] }] })).toMatch(/policies\[0\]\.actions\[0\]\.format/);
    expect(attempt({ policies: [{ name: 'a', actions: [{ type: 'delete' }, { type: 'compress' }] }] })).toMatch(/actions\[0\].*must be the last/);
    expect(attempt({ policies: [{ name: 'a', conditions: { colour: 'red' }, actions: [{ type: 'delete' }] }] })).toMatch(/conditions\.colour/);
    expect(attempt({ policies: 'nope' })).toMatch(/policies/);
    expect(attempt({ policies: [{ name: 'x'.repeat(5000), actions: [{ type: 'delete' }] }] })).toMatch(/policies\[0\]\.name/);
    expect(attempt({ policies: [{ name: 'a', actions: [{ type: 'anonymize', fields: Array(2000).fill('f') }] }] })).toMatch(/fields/);
    expect(attempt(null)).toMatch(/INVALID_ARGUMENT/);
  });
});

describe.each([
  ['memory', async () => createMemoryStore()],
  ['local', async () => createLocalStore({ baseDir: await tempDir() })],
])('lifecycle over %s', (_name, make) => {
  it('plans exactly what the policies say and touches nothing', async () => {
    const store = await make();
    await seed(store);
    const fresh = await planLifecycle(store, { policies, now: later(1) });
    expect(fresh.items).toEqual([]);
    expect(fresh.scanned).toBe(5);

    const plan = await planLifecycle(store, { policies, now: later(4000) });
    const summary = Object.fromEntries(plan.items.map((item) => [item.key, item.steps.map((s) => `${s.policy}:${s.action.type}`)]));
    expect(summary).toEqual({
      'gdpr/erase-me.json': ['compliance_deletion:secure_delete'],
      'logs/app.log': ['compress_logs:compress'],
      'notes/keep.txt': ['hot_to_warm:tier_transition'],
      'people/users.csv': ['data_retention:anonymize', 'data_retention:archive', 'hot_to_warm:tier_transition'],
      'people/users.json': ['data_retention:anonymize', 'data_retention:archive', 'hot_to_warm:tier_transition'],
    });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(textOf(await store.get('people/users.json'))).toBe(USERS);
    const keys = [];
    for await (const entry of store.list('')) keys.push(entry.kind === 'object' ? entry.key : entry.prefix);
    expect(keys).toHaveLength(5);
  });

  it('applies, keeps ids when anonymising, audits every step, and a second run changes nothing', async () => {
    const store = await make();
    const archive = createMemoryStore();
    const auditStore = createMemoryStore();
    await seed(store);
    const plan = await planLifecycle(store, { policies, now: later(4000) });
    const audit = createAuditLog({ store: auditStore });
    const report = await applyLifecyclePlan(store, plan, { destinations: { long_term_archive: { store: archive, prefix: 'archive/' } }, audit });
    expect(report.counts).toMatchObject({ done: 6, failed: 0, changed: 0, unsupported: 3 });
    expect(report.results.filter((r) => r.outcome === 'unsupported').map((r) => r.action)).toEqual(['tier_transition', 'tier_transition', 'tier_transition']);

    const users = JSON.parse(textOf(await store.get('people/users.json'))) as Record<string, Record<string, unknown>>;
    expect(users).toEqual({ u1: { id: 'u1', name: 'Ada', email: null, phone: null }, u2: { id: 'u2', name: 'Bob', email: null, address: null } });
    expect(textOf(await store.get('people/users.csv'))).toBe('id,name,email,phone\n1,Ada,,\n2,"Bob, Jr.",,\n');
    expect(textOf(await archive.get('archive/people/users.csv'))).toBe('id,name,email,phone\n1,Ada,,\n2,"Bob, Jr.",,\n');
    expect(await store.head('logs/app.log')).toBeUndefined();
    const gz = await store.get('logs/app.log.gz');
    expect(new TextDecoder().decode(await decompressBytes('gzip', gz.body))).toBe('line one\nline two\n'.repeat(50));
    expect(await store.head('gdpr/erase-me.json')).toBeUndefined();
    expect(report.results.find((r) => r.action === 'secure_delete')!.detail).toMatch(/^sha256:[0-9a-f]{64} /);

    await audit.flush();
    const events = [];
    for await (const record of readAuditLog(auditStore)) events.push(record.event);
    expect(events).toHaveLength(report.results.length);
    expect(events.every((e) => e.eventType === 'lifecycle_action' && (e.details as { planId: string }).planId === plan.id)).toBe(true);
    expect(JSON.stringify(events)).not.toContain('ada@example.com');

    const snapshot = await dump(store);
    const again = await applyLifecyclePlan(store, plan, { destinations: { long_term_archive: { store: archive, prefix: 'archive/' } } });
    expect(again.counts.done).toBe(0);
    expect(again.counts.failed).toBe(0);
    expect(await dump(store)).toEqual(snapshot);
    await audit.close();
  });

  it('skips and reports an object changed since planning, leaving it as it is', async () => {
    const store = await make();
    await seed(store);
    const plan = await planLifecycle(store, { policies, now: later(4000) });
    await store.put('people/users.json', '{"u9":{"id":"u9","email":"new@example.com"}}');
    await store.delete('logs/app.log');
    const report = await applyLifecyclePlan(store, plan, { destinations: { long_term_archive: createMemoryStore() } });
    const of = (key: string) => report.results.filter((r) => r.key === key).map((r) => r.outcome);
    expect(of('people/users.json')).toEqual(['changed', 'skipped', 'skipped']);
    expect(of('logs/app.log')).toEqual(['changed']);
    expect(textOf(await store.get('people/users.json'))).toContain('new@example.com');
    expect(await store.head('logs/app.log.gz')).toBeUndefined();
  });

  it('refuses a plan for another store, an unknown archive destination and an id among the anonymised fields', async () => {
    const store = await make();
    await seed(store);
    const plan = await planLifecycle(store, { policies, now: later(4000) });
    await expect(applyLifecyclePlan(createMemoryStore({ name: 'other' }), plan)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(applyLifecyclePlan(store, plan)).rejects.toThrow(/long_term_archive/);
    const edited = { ...plan, items: [{ ...plan.items[0]!, steps: [{ policy: 'p', action: { type: 'shred' } }] }] } as unknown as typeof plan;
    await expect(applyLifecyclePlan(store, edited)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(applyLifecyclePlan(store, null as unknown as typeof plan)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(textOf(await store.get('people/users.json'))).toBe(USERS);
    const idPlan = await planLifecycle(store, { policies: [{ name: 'bad', conditions: { data_type: 'personal_data' }, actions: [{ type: 'anonymize', fields: ['id', 'email'] }] }] });
    const report = await applyLifecyclePlan(store, idPlan, { journal: false });
    expect(report.results.every((r) => r.outcome === 'failed' && r.error?.code === 'INVALID_ARGUMENT')).toBe(true);
    expect(textOf(await store.get('people/users.json'))).toBe(USERS);
  });

  it('counts reads from the audit log for access_frequency', async () => {
    const store = await make();
    const auditStore = createMemoryStore();
    await store.put('a.txt', 'a');
    await store.put('b.txt', 'b');
    const log = createAuditLog({ store: auditStore });
    for (let i = 0; i < 30; i++) log.record({ timestamp: new Date().toISOString(), eventType: 'storage_operation', principal: 'p', resource: 'a.txt', action: 'read', result: 'success' });
    await log.close();
    const cold = [{ name: 'cold', conditions: { access_frequency: 'low' }, actions: [{ type: 'delete' }] }];
    await expect(planLifecycle(store, { policies: cold })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const plan = await planLifecycle(store, { policies: cold, access: { auditLog: auditStore } });
    expect(plan.items.map((i) => i.key)).toEqual(['b.txt']);
  });
});

describe('lifecycle after a crash', () => {
  it('resumes a run killed midway: every object acted on once, nothing lost', async () => {
    const baseDir = await tempDir();
    const archiveDir = await tempDir();
    const store = createLocalStore({ baseDir });
    for (let i = 0; i < 8; i++) await store.put(`people/p${i}.json`, JSON.stringify([{ id: `p${i}`, email: `p${i}@example.com` }]), { metadata: { 'data-type': 'personal_data' } });
    for (let i = 0; i < 4; i++) await store.put(`logs/l${i}.log`, `log ${i}`);
    const plan = await planLifecycle(store, { policies, now: later(4000) });
    expect(plan.items).toHaveLength(12);
    const planFile = join(await tempDir(), 'plan.json');
    await writeFile(planFile, JSON.stringify(plan));
    const crashed = await runTs(join(import.meta.dirname, 'fixtures', 'lifecycle-crash.ts'), [baseDir, planFile, archiveDir, '5']);
    expect(crashed.signal).toBe('SIGKILL');
    const journaled = [];
    for await (const entry of store.list(JOURNAL_PREFIX)) journaled.push(entry);
    expect(journaled.length).toBe(4);

    const archive = createLocalStore({ baseDir: archiveDir });
    const report = await applyLifecyclePlan(store, plan, { destinations: { long_term_archive: archive } });
    expect(report.resumed).toBe(4);
    expect(report.counts.failed + report.counts.changed).toBe(0);
    for (let i = 0; i < 8; i++) {
      expect(JSON.parse(textOf(await store.get(`people/p${i}.json`)))).toEqual([{ id: `p${i}`, email: null }]);
      expect(JSON.parse(textOf(await archive.get(`people/p${i}.json`)))).toEqual([{ id: `p${i}`, email: null }]);
    }
    for (let i = 0; i < 4; i++) {
      expect(await store.head(`logs/l${i}.log`)).toBeUndefined();
      expect(new TextDecoder().decode(await decompressBytes('gzip', (await store.get(`logs/l${i}.log.gz`)).body))).toBe(`log ${i}`);
    }
    const left = [];
    for await (const entry of store.list(JOURNAL_PREFIX)) left.push(entry);
    expect(left).toEqual([]);
  }, 30_000);
});

function textOf(got: { body: Uint8Array }): string {
  return new TextDecoder().decode(got.body);
}

async function dump(store: ObjectStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const entry of store.list('')) {
    if (entry.kind === 'object') out[entry.key] = `${entry.etag ?? ''}:${textOf(await store.get(entry.key))}`;
  }
  return out;
}
