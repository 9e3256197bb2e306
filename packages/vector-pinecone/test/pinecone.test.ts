import { inspect } from 'node:util';
import { startPineconeTestServer } from '@agentmap/pinecone-test-server';
import { isStorageError, type StorageError } from '@agentmap/storage-core';
import { clusteredVectors } from '@agentmap/storage-testkit/vector';
import { parseFilter, vectorStoreFromConfig } from '@agentmap/storage-vector';
import { Pinecone } from '@pinecone-database/pinecone';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { compilePinecone, createPineconeVectorStore, pineconeId, pineconeVectorProvider, type PineconeVectorStoreOptions } from '../src/index';

const server = await startPineconeTestServer({ apiKey: 'pc-secret-key-123456' });
afterAll(() => server.close());
beforeEach(() => server.reset());

const store = (o: Partial<PineconeVectorStoreOptions> = {}) => createPineconeVectorStore({ apiKey: server.apiKey, indexName: 'unit', controllerHostUrl: server.url, ...o });
const [v0, v1, v2] = clusteredVectors(3, 8, 3, 9);

async function failure(run: Promise<unknown>): Promise<StorageError> {
  try {
    await run;
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError');
}

function expectNoSecret(error: unknown, secret: string): void {
  expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(secret);
  expect(JSON.stringify(error)).not.toContain(secret);
  expect(String((error as Error).stack)).not.toContain(secret);
}

describe('filter to Pinecone', () => {
  it('reads only the key of the compared type, and matches missing fields in negations', () => {
    expect(compilePinecone(parseFilter({ year: 2020 })!)).toEqual({ 'n:year': { $eq: 2020 } });
    expect(compilePinecone(parseFilter({ author: { $ne: 'a' } })!)).toEqual({ $or: [{ 's:author': { $ne: 'a' } }, { 's:author': { $exists: false } }] });
    expect(compilePinecone(parseFilter({ year: { $not: { $lt: 2020 } } })!)).toEqual({ $or: [{ 'n:year': { $gte: 2020 } }, { 'n:year': { $exists: false } }] });
    expect(compilePinecone(parseFilter({ tags: { $all: ['a', 'b'] } })!)).toEqual({ $and: [{ 'ls:tags': { $in: ['a'] } }, { 'ls:tags': { $in: ['b'] } }] });
  });

  it('decides filters that need no record, and refuses string ranges with UNSUPPORTED', async () => {
    expect(compilePinecone(parseFilter({ year: { $in: [] } })!)).toBe(false);
    expect(compilePinecone(parseFilter({ year: { $nin: [] } })!)).toBe(true);
    expect(() => compilePinecone(parseFilter({ name: { $gt: 'b' } })!)).toThrow(/compares only numbers/);
    const s = store();
    await s.upsert('kb', [{ id: 'a', vector: v0!, metadata: { year: 2020 } }]);
    expect(await s.query('kb', { vector: v0!, filter: { year: { $in: [] } } })).toEqual([]);
    expect((await failure(s.query('kb', { vector: v0!, filter: { name: { $regex: 'x' } } }))).code).toBe('UNSUPPORTED');
    expect((await failure(s.count('kb', { filter: { name: { $lte: 'x' } } }))).code).toBe('UNSUPPORTED');
  });
});

describe('createPineconeVectorStore', () => {
  it('refuses bad options, naming them', async () => {
    expect((await failure(Promise.resolve().then(() => store({ indexname: 'x' } as never))))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await failure(Promise.resolve().then(() => store({ apiKey: '' }))))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const bad = await failure(Promise.resolve().then(() => store({ indexName: 'Not_Valid' })));
    expect(bad.message).toMatch(/lower-case letters, digits or "-"/);
    expect((await failure(Promise.resolve().then(() => store({ maxBatch: 5000 })))).message).toMatch(/maxBatch/);
  });

  it('is reached from config through its descriptor, with the guide\'s keys', async () => {
    const s = await vectorStoreFromConfig(
      { provider: 'pinecone', options: { api_key: server.apiKey, environment: 'us-east-1-aws', index_name: 'cfg', controller_host_url: server.url, metric: 'dotproduct', namespaces: { docs: 'documentation' } } },
      { backends: [pineconeVectorProvider] },
    );
    await s.upsert('docs', [{ id: 'a', vector: v0! }]);
    const raw = new Pinecone({ apiKey: server.apiKey, controllerHostUrl: server.url });
    expect((await raw.describeIndex('cfg')).metric).toBe('dotproduct');
    const host = (await raw.describeIndex('cfg')).host;
    expect((await raw.index({ host }).describeIndexStats()).namespaces).toHaveProperty('documentation');
    expect(await s.listCollections()).toEqual(['docs']);
    const bad = await failure(vectorStoreFromConfig({ provider: 'pinecone', options: { api_key: 'k', index_name: 'x', bogus: 1 } }, { backends: [pineconeVectorProvider] }));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toContain('bogus');
  });

  it('sends the API version of the reference (2026-04)', async () => {
    await store().count('kb');
    expect(server.lastApiVersion).toBe('2026-04');
  });

  it('creates the index on the first upsert and keeps collections as namespaces under a prefix', async () => {
    const s = store({ namespace: 'app' });
    expect(await s.listCollections()).toEqual([]);
    await s.upsert('kb', [{ id: 'a', vector: v0! }]);
    await s.upsert('other', [{ id: 'a', vector: v1! }]);
    expect(await s.listCollections()).toEqual(['kb', 'other']);
    const raw = new Pinecone({ apiKey: server.apiKey, controllerHostUrl: server.url });
    const host = (await raw.describeIndex('unit')).host;
    expect(Object.keys((await raw.index({ host }).describeIndexStats()).namespaces ?? {}).sort()).toEqual(['app:kb', 'app:other']);
    expect((await failure(s.upsert('kb', [{ id: 'b', vector: [1, 2, 3] }]))).code).toBe('INVALID_ARGUMENT');
  });

  it('refuses collection names Pinecone cannot hold, naming the rule', async () => {
    for (const name of ['../escape', 'a b', '', '.hidden']) expect((await failure(store().upsert(name, [{ id: 'a', vector: v0! }]))).code).toBe('INVALID_ARGUMENT');
    const perIndex = store({ indexPerCollection: true });
    const upper = await failure(perIndex.upsert('Upper_Case', [{ id: 'a', vector: v0! }]));
    expect(upper.code).toBe('INVALID_ARGUMENT');
    expect(upper.message).toMatch(/lower-case letters, digits or "-"/);
    await perIndex.upsert('fine', [{ id: 'a', vector: v0! }]);
    expect(await perIndex.listCollections()).toEqual(['fine']);
  });

  it('reaches an index by its host without describing it', async () => {
    await store().upsert('kb', [{ id: 'a', vector: v0! }]);
    const host = (await new Pinecone({ apiKey: server.apiKey, controllerHostUrl: server.url }).describeIndex('unit')).host;
    const described = server.calls.filter((c) => c === 'GET /indexes/unit').length;
    const direct = store({ indexHost: host });
    expect((await direct.query('kb', { vector: v0! }))[0]).toMatchObject({ id: 'a' });
    expect(await direct.listCollections()).toEqual(['kb']);
    expect(server.calls.filter((c) => c === 'GET /indexes/unit').length).toBe(described);
  });

  it('describes an index once per store, and makes it again when it was deleted elsewhere', async () => {
    const s = store({ indexPerCollection: true });
    await s.upsert('gone', [{ id: 'a', vector: v0! }]);
    const before = server.calls.length;
    await s.upsert('gone', [{ id: 'b', vector: v1! }]);
    expect(server.calls.slice(before).filter((c) => c.startsWith('GET /indexes'))).toEqual([]);
    await new Pinecone({ apiKey: server.apiKey, controllerHostUrl: server.url }).deleteIndex('unit-gone');
    await s.upsert('gone', [{ id: 'c', vector: v2! }]);
    expect(await s.count('gone')).toBe(1);
    expect((await s.get('gone', ['c']))[0]!.id).toBe('c');
  });

  it('refuses to create an index when told not to', async () => {
    const e = await failure(store({ createIndex: false }).upsert('kb', [{ id: 'a', vector: v0! }]));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('does not exist');
  });
});

describe('ids and metadata', () => {
  it('round-trips ids Pinecone cannot take as they are, and keeps safe ids unchanged', async () => {
    const s = store();
    const ids = ['plain-id_1', 'with space', 'ünïcödé', '~tilde', 'x'.repeat(300) + ' ' + 'é'.repeat(200)];
    await s.upsert('ids', ids.map((id, i) => ({ id, vector: clusteredVectors(5, 8, 5, 1)[i]!, text: `t${i}` })));
    expect((await s.get('ids', [...ids].reverse())).map((r) => r.id)).toEqual([...ids].reverse());
    const [best] = await s.query('ids', { vector: clusteredVectors(5, 8, 5, 1)[2]!, limit: 1 });
    expect(best).toMatchObject({ id: 'ünïcödé', text: 't2' });
    expect(pineconeId('plain-id_1')).toBe('plain-id_1');
    expect(pineconeId('with space')).toMatch(/^~[A-Za-z0-9_-]{43}$/);
    expect(pineconeId('~tilde')).not.toBe('~tilde');
    expect(await s.delete('ids', { ids: ['with space', 'ünïcödé', 'missing'] })).toBe(2);
    expect(await s.count('ids')).toBe(3);
  });

  it('keeps nulls, lists of numbers and booleans, and empty lists exactly', async () => {
    const s = store();
    const metadata = { none: null, nums: [1, 2.5, -3], flags: [true, false], empty: [], n: 0, s: '', b: false };
    await s.upsert('meta', [{ id: 'a', vector: v0!, metadata }]);
    expect((await s.get('meta', ['a']))[0]!.metadata).toEqual(metadata);
    expect(await s.count('meta', { filter: { none: null } })).toBe(1);
    expect(await s.count('meta', { filter: { none: { $exists: true } } })).toBe(0);
    expect(await s.count('meta', { filter: { nums: { $all: [2.5, 1] } } })).toBe(1);
    expect(await s.count('meta', { filter: { flags: { $all: [false] } } })).toBe(1);
    expect(await s.count('meta', { filter: { n: '0' } })).toBe(0);
  });

  it('refuses a record over Pinecone\'s 40 KB of metadata before writing anything', async () => {
    const s = store();
    const e = await failure(s.upsert('big', [{ id: 'ok', vector: v0! }, { id: 'big', vector: v1!, text: 'x'.repeat(50_000) }]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('40960');
    expect(await s.count('big')).toBe(0);
    // Counted in UTF-8 bytes: 20,000 two-byte characters fit, 20,500 do not.
    await s.upsert('big', [{ id: 'fits', vector: v0!, text: 'é'.repeat(20_000) }]);
    expect((await s.get('big', ['fits']))[0]!.text).toHaveLength(20_000);
    expect((await failure(s.upsert('big', [{ id: 'over', vector: v0!, text: 'é'.repeat(20_500) }]))).code).toBe('INVALID_ARGUMENT');
  });

  it('splits upserts within 1,000 records and 2 MB per request', async () => {
    const s = store();
    const many = clusteredVectors(2500, 8, 10, 2).map((vector, i) => ({ id: `r${i}`, vector }));
    await s.upsert('batches', many);
    expect(server.calls.filter((c) => c === 'POST /vectors/upsert')).toHaveLength(3);
    expect(await s.count('batches')).toBe(2500);
    const upserts = () => server.calls.filter((c) => c === 'POST /vectors/upsert').length;
    const before = upserts();
    const wide = clusteredVectors(100, 4000, 4, 3).map((vector, i) => ({ id: `w${i}`, vector }));
    // One index has one dimension: wider vectors go to another index.
    const w = store({ indexName: 'wide' });
    await w.upsert('wide', wide);
    expect(upserts() - before).toBeGreaterThan(4);
    expect(await w.count('wide')).toBe(100);
  });

  it('answers more than 1,000 matches with their metadata', async () => {
    const s = store();
    const vectors = clusteredVectors(1200, 8, 10, 4);
    await s.upsert('many', vectors.map((vector, i) => ({ id: `m${i}`, vector, metadata: { i } })));
    const got = await s.query('many', { vector: vectors[0]!, limit: 1100 });
    expect(got).toHaveLength(1100);
    expect(got.every((m) => typeof m.metadata.i === 'number')).toBe(true);
    expect(got[0]!.id).toBe('m0');
  });

  it('converts scores per metric: euclidean and dot products', async () => {
    const euclid = store({ indexName: 'euclid', metric: 'euclidean' });
    await euclid.upsert('kb', [{ id: 'a', vector: [0, 0] }, { id: 'b', vector: [3, 4] }]);
    const e = await euclid.query('kb', { vector: [0, 0], limit: 2 });
    expect(e.map((m) => m.id)).toEqual(['a', 'b']);
    expect(e[0]!.score).toBeCloseTo(1, 6);
    expect(e[1]!.score).toBeCloseTo(1 / 6, 6);
    const dot = store({ indexName: 'dot', metric: 'dot' });
    await dot.upsert('kb', [{ id: 'a', vector: [1, 2] }]);
    expect((await dot.query('kb', { vector: [3, 4] }))[0]!.score).toBeCloseTo(11, 5);
  });
});

describe('failures', () => {
  const secret = 'pc-secret-key-123456';

  it('maps a wrong key to UNAUTHENTICATED without the key anywhere', async () => {
    const wrong = 'pc-wrong-key-abcdef';
    const e = await failure(createPineconeVectorStore({ apiKey: wrong, indexName: 'unit', controllerHostUrl: server.url }).query('kb', { vector: v0! }));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toContain('check the API key');
    expectNoSecret(e, wrong);
    expectNoSecret(e, secret);
  });

  it('maps 401, 403, 404, 409 and 4xx statuses of the data plane', async () => {
    const s = store({ retries: 0 });
    await s.upsert('kb', [{ id: 'a', vector: v0! }]);
    const cases: Array<[number, string]> = [
      [401, 'UNAUTHENTICATED'],
      [403, 'PERMISSION_DENIED'],
      [404, 'NOT_FOUND'],
      [409, 'ALREADY_EXISTS'],
      [400, 'INVALID_ARGUMENT'],
    ];
    for (const [status, code] of cases) {
      server.inject({ status, path: '/query', message: `no, api-key: ${secret}` });
      const e = await failure(s.query('kb', { vector: v0! }));
      expect(e.code, `status ${status}`).toBe(code);
      expect(e.details?.status).toBe(status);
      expectNoSecret(e, secret);
    }
  });

  it('retries 429 and 5xx with backoff, honouring Retry-After', async () => {
    const s = store({ retries: 2 });
    await s.upsert('kb', [{ id: 'a', vector: v0! }]);
    server.inject({ status: 429, retryAfter: '0.3', path: '/query' });
    const started = Date.now();
    expect(await s.query('kb', { vector: v0! })).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    server.inject({ status: 503, path: '/vectors/upsert', times: 2 });
    await s.upsert('kb', [{ id: 'b', vector: v1! }]);
    expect(await s.count('kb')).toBe(2);
    server.inject({ status: 500, path: '/vectors/upsert', times: 5 });
    const e = await failure(s.upsert('kb', [{ id: 'c', vector: v2! }]));
    expect(e).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    server.inject({ status: 429, retryAfter: '7', path: '/query' });
    const limited = await failure(store({ retries: 0 }).query('kb', { vector: v0! }));
    expect(limited.code).toBe('UNAVAILABLE');
    expect(limited.details?.retryAfterMs).toBe(7000);
  });

  it('gives TIMEOUT when the server does not answer in time', async () => {
    const s = store({ retries: 0, timeoutMs: 150 });
    server.stall(1000);
    try {
      const started = Date.now();
      const e = await failure(s.count('kb'));
      expect(e.code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      server.stall(0);
    }
  });

  it('gives UNAVAILABLE for a dead server, within the timeout', async () => {
    const dead = await startPineconeTestServer();
    await dead.close();
    const s = createPineconeVectorStore({ apiKey: secret, indexName: 'unit', controllerHostUrl: dead.url, retries: 0, timeoutMs: 2000 });
    const started = Date.now();
    const e = await failure(s.query('kb', { vector: v0! }));
    expect(e.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(2000);
    expectNoSecret(e, secret);
  });

  it('stops with ABORTED when the caller aborts', async () => {
    const s = store();
    await s.upsert('kb', [{ id: 'a', vector: v0! }]);
    server.stall(500);
    try {
      const e = await failure(s.query('kb', { vector: v0!, signal: AbortSignal.timeout(50) }));
      expect(e.code).toBe('ABORTED');
    } finally {
      server.stall(0);
    }
  });
});
