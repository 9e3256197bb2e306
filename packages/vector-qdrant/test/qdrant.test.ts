import { inspect } from 'node:util';
import { isStorageError, type StorageError } from '@agentmap/storage-core';
import { startQdrantTestServer, type QdrantTestServer } from '@agentmap/qdrant-test-server';
import { clusteredVectors } from '@agentmap/storage-testkit/vector';
import { freePort } from '@agentmap/test-servers';
import { evaluateFilter, parseFilter, uuidForId, vectorStoreFromConfig, type VectorFilter } from '@agentmap/storage-vector';
import { QdrantClient } from '@qdrant/js-client-rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQdrantVectorStore, qdrantVectorProvider } from '../src/index';

const KEY = 'qdrant-secret-key-7f3a';
let server: QdrantTestServer;
let raw: QdrantClient;

beforeAll(async () => {
  server = await startQdrantTestServer({ apiKey: KEY, readOnlyApiKey: 'reader-key-42' });
  raw = new QdrantClient({ url: server.url, apiKey: KEY, checkCompatibility: false });
});
afterAll(() => server.close());

const store = (extra: Record<string, unknown> = {}) => createQdrantVectorStore({ url: server.url, apiKey: KEY, retries: 0, ...extra });

async function failure(run: Promise<unknown> | (() => unknown)): Promise<StorageError> {
  try {
    await (typeof run === 'function' ? Promise.resolve().then(run) : run);
  } catch (error) {
    if (!isStorageError(error)) throw error;
    return error;
  }
  throw new Error('expected a StorageError');
}

function expectNoSecret(error: StorageError, secret: string): void {
  expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(secret);
  expect(JSON.stringify(error)).not.toContain(secret);
  expect(String(error.stack)).not.toContain(secret);
  expect(error.cause).toBeUndefined();
}

const [v0, v1, v2] = clusteredVectors(3, 8, 3, 5);

describe('config', () => {
  it('is reached through its descriptor', async () => {
    const s = await vectorStoreFromConfig({ provider: 'qdrant', options: { url: server.url, api_key: KEY, metric: 'euclidean', vector_name: 'e', timeout: 5, batch_size: 50 } }, { backends: [qdrantVectorProvider] });
    await s.upsert('cfg', [{ id: 'a', vector: v0! }, { id: 'b', vector: v1! }]);
    const [hit, next] = await s.query('cfg', { vector: v0!, limit: 2 });
    expect(hit).toMatchObject({ id: 'a', score: expect.closeTo(1, 5) });
    let d = 0;
    v0!.forEach((x, i) => (d += (x - v1![i]!) ** 2));
    expect(next!.score).toBeCloseTo(1 / (1 + Math.sqrt(d)), 4);
    expect((await raw.getCollection('cfg')).config.params.vectors).toEqual({ e: { size: 8, distance: 'Euclid' } });
    expect(s.capabilities.maxBatch).toBe(50);
    const ranged = await vectorStoreFromConfig({ provider: 'qdrant', options: { url: server.url, api_key: KEY, string_ranges: true } }, { backends: [qdrantVectorProvider] });
    await ranged.upsert('cfg-ranges', [{ id: 'a', vector: v0!, metadata: { d: '2024-05-01' } }]);
    expect(await ranged.count('cfg-ranges', { filter: { d: { $gt: '2024' } } })).toBe(1);
  });

  it('scores dot collections by the inner product, and returns vectors as written', async () => {
    const s = store({ metric: 'dot' });
    await s.upsert('dot', [{ id: 'a', vector: v0!, metadata: { k: 1 } }]);
    const [hit] = await s.query('dot', { vector: v1!, includeVectors: true });
    expect(hit!.score).toBeCloseTo(v0!.reduce((sum, x, i) => sum + x * v1![i]!, 0), 4);
    hit!.vector!.forEach((x, i) => expect(x).toBeCloseTo(v0![i]!, 5));
    expect((await raw.getCollection('dot')).config.params.vectors).toEqual({ dense: { size: 8, distance: 'Dot' } });
  });

  it('refuses bad options, naming them', async () => {
    const bad = await failure(vectorStoreFromConfig({ provider: 'qdrant', options: { url: server.url, apikey: 'x' } }, { backends: [qdrantVectorProvider] }));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toMatch(/apikey/);
    expect((await failure(vectorStoreFromConfig({ provider: 'qdrant', options: {} }, { backends: [qdrantVectorProvider] }))).message).toMatch(/url/);
    expect((await failure(() => createQdrantVectorStore({ url: 'localhost:6333' }))).code).toBe('INVALID_ARGUMENT');
    expect((await failure(() => createQdrantVectorStore({ url: server.url, vectorName: 'a.b' }))).message).toMatch(/vectorName/);
    expect((await failure(() => createQdrantVectorStore({ url: server.url, timeout: 5 } as never))).message).toMatch(/timeout/);
  });
});

describe('errors', () => {
  it('maps a wrong key to UNAUTHENTICATED, with the key nowhere in the error', async () => {
    const wrong = 'wrong-key-b81c99';
    const error = await failure(createQdrantVectorStore({ url: server.url, apiKey: wrong, retries: 0 }).listCollections());
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/401.*check the API key/);
    expectNoSecret(error, wrong);
  });

  it('maps a read-only key writing to PERMISSION_DENIED', async () => {
    const error = await failure(createQdrantVectorStore({ url: server.url, apiKey: 'reader-key-42', retries: 0 }).upsert('ro', [{ id: 'a', vector: v0! }]));
    expect(error.code).toBe('PERMISSION_DENIED');
    expectNoSecret(error, 'reader-key-42');
  });

  it('maps 401, 403, 404, 409, 429 and 5xx by status, scrubbing the key from what the server said', async () => {
    const s = store();
    const cases: Array<[number, string]> = [
      [401, 'UNAUTHENTICATED'],
      [403, 'PERMISSION_DENIED'],
      [404, 'NOT_FOUND'],
      [409, 'ALREADY_EXISTS'],
      [429, 'UNAVAILABLE'],
      [500, 'UNAVAILABLE'],
      [503, 'UNAVAILABLE'],
      [504, 'TIMEOUT'],
    ];
    for (const [status, code] of cases) {
      server.failNext({ status, error: `failed for api-key ${KEY}` });
      const error = await failure(s.listCollections());
      expect([status, error.code]).toEqual([status, code]);
      expect(error.details?.status).toBe(status);
      expect(error.retryable).toBe(status === 429 || status >= 500);
      expectNoSecret(error, KEY);
    }
  });

  it('retries 429 and 5xx, waiting as long as Retry-After asks', async () => {
    const s = store({ retries: 2 });
    server.failNext({ status: 503 });
    expect(await s.listCollections()).toBeInstanceOf(Array);
    server.failNext({ status: 429, retryAfter: '1' });
    const started = Date.now();
    expect(await s.listCollections()).toBeInstanceOf(Array);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    server.failNext({ status: 429, retryAfter: '1', times: 3 });
    const exhausted = await failure(s.listCollections());
    expect(exhausted.code).toBe('UNAVAILABLE');
    expect(exhausted.details?.retryAfterMs).toBe(1000);
  });

  it('gives TIMEOUT when the server does not answer in time', async () => {
    server.delayNext(1500);
    const started = Date.now();
    const error = await failure(store({ timeoutMs: 200 }).listCollections());
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('gives UNAVAILABLE for a dead server, within the timeout', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await failure(createQdrantVectorStore({ url: `http://127.0.0.1:${port}`, apiKey: KEY, timeoutMs: 3000, retries: 1 }).count('x'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(3000);
    expectNoSecret(error, KEY);
  });

  it('gives ABORTED when the caller aborts', async () => {
    server.delayNext(1000);
    const error = await failure(store().query('x', { vector: v0!, signal: AbortSignal.timeout(50) }));
    expect(error.code).toBe('ABORTED');
  });
});

describe('ids and collections', () => {
  it('maps ids to stable UUID point ids and keeps the original in the payload', async () => {
    const s = store();
    const uuid = '0b5e2f3a-1c4d-4e6f-8a9b-0c1d2e3f4a5b';
    const ids = ['doc-1', '42', 'ünïcödé 🚀', 'x'.repeat(512), uuid, 'a/../b', '0B5E2F3A-1C4D-4E6F-8A9B-0C1D2E3F4A5B'];
    await s.upsert('ids', ids.map((id, i) => ({ id, vector: clusteredVectors(7, 8, 7, 9)[i]! })));
    expect((await s.get('ids', [...ids].reverse())).map((r) => r.id)).toEqual([...ids].reverse());
    const [point] = await raw.retrieve('ids', { ids: [uuidForId('doc-1')] });
    expect(point!.payload).toMatchObject({ id: 'doc-1' });
    expect((await raw.retrieve('ids', { ids: [uuid] }))[0]!.payload).toMatchObject({ id: uuid });
    expect(uuidForId('doc-1')).toBe(uuidForId('doc-1'));
    expect(await s.count('ids')).toBe(ids.length);
    expect(await s.delete('ids', { ids: ['42', 'nope'] })).toBe(1);
  });

  it('refuses hostile collection names and ids with INVALID_ARGUMENT naming the rule', async () => {
    const s = store();
    for (const name of ['../x', 'a/b', '', 'a:b', 'x'.repeat(200), '.hidden', 'a b']) {
      const error = await failure(s.upsert(name, [{ id: 'a', vector: v0! }]));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/collection name must be 1 to 128/);
    }
    for (const id of ['', 'y'.repeat(513)]) {
      const error = await failure(s.upsert('fine', [{ id, vector: v0! }]));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/non-empty string of at most 512/);
    }
    expect(await s.listCollections()).not.toContain('fine');
  });

  it('answers a missing collection with nothing', async () => {
    const s = store();
    expect(await s.query('absent', { vector: v0! })).toEqual([]);
    expect(await s.count('absent', { filter: { a: 1 } })).toBe(0);
    expect(await s.get('absent', ['a'])).toEqual([]);
    expect(await s.delete('absent', { ids: ['a'] })).toBe(0);
    expect(await s.delete('absent', { filter: { a: 1 } })).toBe(0);
    expect(await s.dropCollection('absent')).toBe(false);
  });

  it('refuses a collection made elsewhere without its vector name', async () => {
    await raw.createCollection('foreign', { vectors: { size: 8, distance: 'Cosine' } });
    const error = await failure(store().upsert('foreign', [{ id: 'a', vector: v0! }]));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/no vector named "dense"/);
  });

  it('keeps each upsert request under Qdrant\'s 32 MB body limit', async () => {
    const before = server.requests.length;
    const text = 'x'.repeat(1_000_000);
    const [a] = clusteredVectors(1, 8, 1, 4);
    await store().upsert('big', Array.from({ length: 12 }, (_, i) => ({ id: `big${i}`, vector: a!, text })));
    expect(server.requests.slice(before).filter((r) => r.method === 'PUT' && r.path.endsWith('/points')).length).toBeGreaterThan(1);
    expect(await store().count('big')).toBe(12);
    expect((await store().get('big', ['big11']))[0]!.text).toHaveLength(1_000_000);
  });

  it('reads a collection once per store, and makes it again when it was dropped elsewhere', async () => {
    const s = store();
    await s.upsert('dropped', [{ id: 'a', vector: v0! }]);
    const before = server.requests.length;
    await s.upsert('dropped', [{ id: 'b', vector: v1! }]);
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(['PUT']);
    await raw.deleteCollection('dropped');
    await s.upsert('dropped', [{ id: 'c', vector: v2! }]);
    expect(await s.count('dropped')).toBe(1);
    expect((await s.get('dropped', ['c']))[0]!.id).toBe('c');
    // Dropped and made again elsewhere with another size: the next upsert sees the new size.
    await raw.deleteCollection('dropped');
    await raw.createCollection('dropped', { vectors: { dense: { size: 3, distance: 'Cosine' } } });
    expect(await s.query('dropped', { vector: [1, 0, 0] })).toEqual([]);
    await s.upsert('dropped', [{ id: 'd', vector: [1, 0, 0] }]);
    expect((await s.query('dropped', { vector: [1, 0, 0] }))[0]!.id).toBe('d');
  });

  it('stores each field once, under its own name when that is a plain key, and reads every name back', async () => {
    const s = store();
    // Plain names, names that look like the hex form, and names Qdrant's key paths would misread.
    const metadata = { category: 'tech', x_616263: 1, abc: 2, 'a.b': 'dot', 'c[]': ['x'], 'ü ñ': true, gone: null, empty: [], s_x: 'kind-like', '0': 'zero' };
    await s.upsert('layout', [{ id: 'r', vector: v0!, text: 't', metadata }]);
    const [back] = await s.get('layout', ['r']);
    expect(back!.metadata).toEqual(metadata);
    const [point] = await raw.retrieve('layout', { ids: [uuidForId('r')], with_payload: true });
    const payload = point!.payload!;
    expect(payload).toMatchObject({ id: 'r', text: 't', s_category: 'tech', s_x_616263: 1, s_abc: 2, l_empty: [], p_empty: true, s_s_x: 'kind-like', s_0: 'zero' });
    expect(payload).not.toHaveProperty('metadata');
    expect(Object.keys(payload).filter((k) => !/^(id|text|norm|o\d+x?_.*)$/.test(k))).toHaveLength(Object.keys(metadata).length + 1);
    for (const [field, value] of Object.entries(metadata)) {
      if (value === null) continue;
      const filter = Array.isArray(value) ? { [field]: { $exists: true } } : { [field]: value };
      expect((await s.query('layout', { vector: v0!, filter })).map((m) => m.id), JSON.stringify(filter)).toEqual(['r']);
    }
    expect(await s.count('layout', { filter: { gone: { $exists: true } } })).toBe(0);
    expect(await s.count('layout', { filter: { gone: null } })).toBe(1);
    expect(await s.count('layout', { filter: { empty: { $exists: true } } })).toBe(1);
  });

  it('keeps order chunks of strings only in collections made with stringRanges, whichever store writes', async () => {
    const plain = store();
    const ranged = store({ stringRanges: true });
    const keysOf = async (name: string, id: string) => Object.keys((await raw.retrieve(name, { ids: [uuidForId(id)], with_payload: true }))[0]!.payload!);
    // Made by the plain store: no order chunks from either store, string bounds refused naming the collection.
    await plain.upsert('sr-plain', [{ id: 'a', vector: v0!, metadata: { d: '2024-05-01', n: 3 } }]);
    await ranged.upsert('sr-plain', [{ id: 'b', vector: v1!, metadata: { d: '2024-06-01', n: 4 } }]);
    expect((await raw.getCollection('sr-plain')).config.metadata ?? {}).not.toHaveProperty('agentmap:string-ranges');
    expect((await keysOf('sr-plain', 'b')).sort()).toEqual(['id', 'norm', 's_d', 's_n']);
    for (const s of [plain, ranged]) {
      const refused = await failure(s.query('sr-plain', { vector: v0!, filter: { d: { $gte: '2024-05-15' } } }));
      expect(refused.code).toBe('UNSUPPORTED');
      expect(refused.message).toContain('"sr-plain" was made without');
      expect((await failure(s.count('sr-plain', { filter: { d: { $lt: '2025' } } }))).code).toBe('UNSUPPORTED');
      expect((await failure(s.delete('sr-plain', { filter: { $not: { d: { $lt: '2025' } } } }))).code).toBe('UNSUPPORTED');
      expect(await s.count('sr-plain', { filter: { n: { $gt: 3 }, d: { $ne: 'x' } } })).toBe(1);
    }
    // Made by the ranged store: the marker, order chunks from every writer, string bounds compared.
    await ranged.upsert('sr-ranged', [{ id: 'a', vector: v0!, metadata: { d: '2024-05-01' } }]);
    await plain.upsert('sr-ranged', [{ id: 'b', vector: v1!, metadata: { d: '2024-06-01' } }]);
    expect((await raw.getCollection('sr-ranged')).config.metadata).toEqual({ 'agentmap:string-ranges': true });
    expect(await keysOf('sr-ranged', 'b')).toContain('o0_d');
    for (const s of [plain, ranged]) {
      expect((await s.query('sr-ranged', { vector: v0!, filter: { d: { $gte: '2024-05-15' } } })).map((m) => m.id)).toEqual(['b']);
      expect(await s.count('sr-ranged', { filter: { d: { $lt: '2024-05-15' } } })).toBe(1);
    }
    // A string bound on a collection that does not exist: nothing, as for any filter.
    expect(await plain.count('sr-missing', { filter: { d: { $lt: '2025' } } })).toBe(0);
    expect((await failure(() => store({ stringRanges: 'yes' }))).code).toBe('INVALID_ARGUMENT');
  });

  it('upserts in batches with wait=true', async () => {
    const before = server.requests.length;
    await store({ maxBatch: 10 }).upsert('batched', clusteredVectors(25, 8, 5, 3).map((vector, i) => ({ id: `b${i}`, vector })));
    const puts = server.requests.slice(before).filter((r) => r.method === 'PUT' && r.path.endsWith('/points'));
    expect(puts).toHaveLength(3);
    expect(puts.every((r) => r.query.wait === 'true')).toBe(true);
  });
});

describe('filters on Qdrant', () => {
  const words = ['', 'a', 'ab', 'abc', 'abcdef', 'abcdefg', 'abcdeg', 'b', 'ba', 'zzz', 'Z', 'é', 'éa', 'ü', '\u0000x', 'abcdefabcdef', 'abcdefabcdefa', 'abcdefabcdee', 'x'.repeat(80), 'x'.repeat(81), '~'];
  let s: ReturnType<typeof store>;
  beforeAll(async () => {
    s = store({ stringRanges: true });
    const vectors = clusteredVectors(words.length + 4, 8, 4, 21);
    await s.upsert('strings', [
      ...words.map((w, i) => ({ id: `w${i}`, vector: vectors[i]!, metadata: { w, n: i % 2 === 0 ? i : i + 0.5 } })),
      { id: 'list', vector: vectors[words.length]!, metadata: { w: ['abc', 'b'], tags: ['mlops', 'db'] } },
      { id: 'num', vector: vectors[words.length + 1]!, metadata: { w: 7, tags: 'ml' } },
      { id: 'null', vector: vectors[words.length + 2]!, metadata: { w: null } },
      { id: 'none', vector: vectors[words.length + 3]!, metadata: {} },
    ]);
  });
  const all = () => [
    ...words.map((w, i) => ({ id: `w${i}`, metadata: { w, n: i % 2 === 0 ? i : i + 0.5 } })),
    { id: 'list', metadata: { w: ['abc', 'b'], tags: ['mlops', 'db'] } },
    { id: 'num', metadata: { w: 7, tags: 'ml' } },
    { id: 'null', metadata: { w: null } },
    { id: 'none', metadata: {} },
  ];
  async function check(filter: VectorFilter): Promise<void> {
    const node = parseFilter(filter);
    const want = all().filter((r) => evaluateFilter(node, r.metadata as never)).map((r) => r.id).sort();
    const got = (await s.query('strings', { vector: v2!, limit: 100, filter })).map((m) => m.id).sort();
    expect([JSON.stringify(filter), got]).toEqual([JSON.stringify(filter), want]);
    expect(await s.count('strings', { filter })).toBe(want.length);
  }

  it('orders strings by their bytes, exactly, across chunk boundaries', async () => {
    const bounds = ['', 'a', 'ab', 'abc', 'abcdef', 'abcdefa', 'abcdefabcdef', 'abcdefabcdeg', 'b', 'é', 'x'.repeat(60), 'x'.repeat(6)];
    for (const bound of bounds) for (const op of ['$gt', '$gte', '$lt', '$lte']) await check({ w: { [op]: bound } });
    await check({ w: { $gte: 'ab', $lt: 'b' } });
    await check({ w: { $not: { $gt: 'abc' } } });
  });

  it('keeps the language strict: lists, numbers, nulls and missing fields', async () => {
    for (const filter of [
      { w: 'abc' },
      { w: { $ne: 'abc' } },
      { w: null },
      { w: { $ne: null } },
      { w: { $in: ['abc', 7, null] } },
      { w: { $nin: ['abc', 7] } },
      { w: { $exists: true } },
      { w: { $exists: false } },
      { w: { $all: ['abc', 'b'] } },
      { w: { $contains: 'b' } },
      { tags: { $contains: 'ml' } },
      { n: 3.5 },
      { n: { $in: [2, 3.5, 'x'] } },
      { w: { $gt: 5 } },
      { $nor: [{ w: 'a' }, { n: { $lt: 10 } }] },
    ] as VectorFilter[]) {
      await check(filter);
    }
  });

  it('refuses $regex with UNSUPPORTED, and string bounds beyond 60 bytes', async () => {
    expect((await failure(s.query('strings', { vector: v2!, filter: { w: { $regex: '^a' } } }))).code).toBe('UNSUPPORTED');
    const long = await failure(s.count('strings', { filter: { w: { $gt: 'x'.repeat(61) } } }));
    expect(long.code).toBe('UNSUPPORTED');
    expect(long.message).toMatch(/first 60 bytes/);
  });

  it('deletes by filter, page by page', async () => {
    const d = store();
    const vectors = clusteredVectors(2500, 4, 5, 1);
    await d.upsert('many', vectors.map((vector, i) => ({ id: `m${i}`, vector, metadata: { odd: i % 2 === 1 } })));
    expect(await d.delete('many', { filter: { odd: true } })).toBe(1250);
    expect(await d.count('many')).toBe(1250);
    expect((await failure(d.delete('many', { filter: {} }))).code).toBe('INVALID_ARGUMENT');
  });
});
