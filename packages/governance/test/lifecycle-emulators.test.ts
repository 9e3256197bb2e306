import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { type GcsTestServer, startGcsTestServer } from '@agentmap/gcs-test-server';
import type { ObjectStore } from '@agentmap/storage-core';
import { createAzureBlobStore } from '@agentmap/storage-azure';
import { createGcsStore } from '@agentmap/storage-gcs';
import { createS3Store } from '@agentmap/storage-s3';
import { type RunningAzurite, type RunningS3rver, startAzurite, startS3rver } from '@agentmap/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCosts, applyLifecyclePlan, planLifecycle, withEncryption } from '../src/index';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const DAY = 86_400_000;

let s3: RunningS3rver | undefined;
let azurite: RunningAzurite | undefined;
let gcs: GcsTestServer | undefined;
beforeAll(async () => {
  [s3, azurite, gcs] = await Promise.all([startS3rver(), startAzurite(), startGcsTestServer()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([s3?.stop(), azurite?.stop(), gcs?.stop()]);
});

function gcsKey(server: GcsTestServer) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const email = `lifecycle@agentmap-test.iam.gserviceaccount.com`;
  server.addSigningKey(email, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return { type: 'service_account', project_id: 'agentmap-test', private_key_id: 'k', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), client_email: email, client_id: '1', token_uri: 'https://oauth2.googleapis.com/token' };
}

const name = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
// s3rver keeps no storage class: it refuses CopyObject onto itself with a new StorageClass (400 InvalidRequest), so tier moves are proven on Azurite and the GCS test server only.
const backends: [string, () => ObjectStore, string, boolean][] = [
  ['s3 (s3rver)', () => createS3Store({ bucket: name('life'), endpoint: s3!.url, region: s3!.region, credentials: { ...s3!.credentials }, forcePathStyle: true, createBucket: true }), 'STANDARD_IA', false],
  ['azure (Azurite)', () => createAzureBlobStore({ container: name('life'), connectionString: azurite!.connectionString }), 'Cool', true],
  ['gcs (test server)', () => createGcsStore({ bucket: name('life'), apiEndpoint: gcs!.url, createBucket: true, credentials: gcsKey(gcs!) }), 'NEARLINE', true],
];

const policies = [
  { name: 'hot_to_warm', conditions: { age_days: 30 }, actions: [{ type: 'tier_transition', target: 'warm_storage' }] },
  { name: 'data_retention', conditions: { age_days: 30, data_type: 'personal_data' }, actions: [{ type: 'anonymize', fields: ['email'] }] },
];

describe.each(backends)('lifecycle over %s', (_label, make, warm, tiers) => {
  it('reports storage classes, moves tiers through the provider, keeps ids, and a second run changes nothing', async (ctx) => {
    if (!tiers) return ctx.skip('s3rver keeps no storage classes');
    const store = make();
    try {
      expect(store.capabilities.storageClasses).toContain(warm);
      await store.put('notes/a.txt', 'alpha', { metadata: { owner: 'ada' } });
      await store.put('people/users.json', JSON.stringify([{ id: 'u1', email: 'a@example.com' }]), { contentType: 'application/json', metadata: { 'data-type': 'personal_data' } });
      const listed = [];
      for await (const entry of store.list('')) if (entry.kind === 'object') listed.push(entry.storageClass ?? (await store.head(entry.key))?.storageClass);
      expect(listed.every((c) => c === store.capabilities.storageClasses![0])).toBe(true);

      const plan = await planLifecycle(store, { policies, now: Date.now() + 40 * DAY });
      expect(plan.items.map((i) => [i.key, i.steps.map((s) => s.action.type)])).toEqual([
        ['notes/a.txt', ['tier_transition']],
        ['people/users.json', ['tier_transition', 'anonymize']],
      ]);
      expect(plan.items[0]!.steps[0]!.storageClass).toBe(warm);
      const report = await applyLifecyclePlan(store, plan);
      expect(report.counts).toMatchObject({ done: 3, failed: 0, changed: 0 });
      const head = await store.head('notes/a.txt');
      expect(head?.storageClass).toBe(warm);
      expect(head?.metadata).toMatchObject({ owner: 'ada' });
      expect(new TextDecoder().decode((await store.get('notes/a.txt')).body)).toBe('alpha');
      expect(JSON.parse(new TextDecoder().decode((await store.get('people/users.json')).body))).toEqual([{ id: 'u1', email: null }]);

      const again = await applyLifecyclePlan(store, plan);
      expect(again.counts.done).toBe(0);
      expect(again.counts.failed).toBe(0);
      const replan = await planLifecycle(store, { policies: [policies[0]!], now: Date.now() + 40 * DAY });
      expect(replan.items.filter((i) => i.key === 'notes/a.txt')).toEqual([]);
    } finally {
      await store.close?.();
    }
  }, 60_000);

  it('refuses a tier change on a stale etag and an unknown class', async () => {
    const store = make();
    try {
      const first = await store.put('k.txt', 'one');
      await store.put('k.txt', 'two');
      await expect(store.setStorageClass!('k.txt', warm, { ifMatch: first.etag })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      await expect(store.setStorageClass!('k.txt', 'WARMISH')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(store.setStorageClass!('missing.txt', warm)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await store.head('k.txt'))?.storageClass).toBe(store.capabilities.storageClasses![0]);
    } finally {
      await store.close?.();
    }
  }, 60_000);

  it('moves encrypted objects between tiers without touching their ciphertext', async (ctx) => {
    if (!tiers) return ctx.skip('s3rver keeps no storage classes');
    const inner = make();
    const store = withEncryption(inner, { keys: { k1: randomBytes(32) } });
    try {
      const put = await store.put('secret.txt', 'classified', { metadata: { owner: 'ada' } });
      const sealed = Buffer.from((await inner.get('secret.txt')).body);
      const moved = await store.setStorageClass!('secret.txt', warm, { ifMatch: put.etag });
      expect(moved).toMatchObject({ storageClass: warm, size: 'classified'.length });
      expect(Buffer.from((await inner.get('secret.txt')).body).equals(sealed)).toBe(true);
      expect(new TextDecoder().decode((await store.get('secret.txt')).body)).toBe('classified');
      expect(await store.head('secret.txt')).toMatchObject({ storageClass: warm, size: 'classified'.length, metadata: { owner: 'ada' } });
      await expect(store.setStorageClass!('secret.txt', warm, { ifMatch: put.etag === moved.etag ? '"stale"' : put.etag })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    } finally {
      await store.close?.();
    }
  }, 60_000);

  it('recommends a colder class for objects nobody reads, priced by class', async () => {
    const store = make();
    try {
      await store.put('logs/old.log', 'x'.repeat(2048));
      await store.put('logs/busy.log', 'y'.repeat(1024));
      const analysis = await analyzeCosts({ stores: { main: store }, access: { counts: new Map([['logs/busy.log', 50]]) }, now: Date.now() + 40 * DAY });
      expect(analysis.recommendations).toEqual([expect.objectContaining({ store: 'main', collection: 'logs', to: warm, objects: 1, bytes: 2048 })]);
      expect(analysis.recommendations[0]!.monthlySavings).toBeGreaterThan(0);
      expect(Object.keys(analysis.byStorageClass)).toEqual([`${store.provider}:${store.capabilities.storageClasses![0]}`]);
    } finally {
      await store.close?.();
    }
  }, 60_000);
});
