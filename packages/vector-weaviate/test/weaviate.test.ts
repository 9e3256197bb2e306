import { inspect } from 'node:util';
import type { StorageError} from '@agentmap/storage-core';
import { isStorageError } from '@agentmap/storage-core';
import { clusteredVectors } from '@agentmap/storage-testkit/vector';
import { parseFilter, uuidForId, vectorStoreFromConfig, type VectorStore } from '@agentmap/storage-vector';
import { freePort } from '@agentmap/test-servers';
import { startWeaviateTestServer, type WeaviateTestServer } from '@agentmap/weaviate-test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classNameFor, compileWhere, createWeaviateVectorStore, propertyFor, weaviateVectorProvider, type WeaviateVectorStoreOptions } from '../src/index';

const KEY = 'wv-secret-key-0123456789';
let server: WeaviateTestServer;
beforeAll(async () => {
  server = await startWeaviateTestServer({ apiKeys: [KEY], readOnlyKeys: ['wv-reader-key-000'] });
});
afterAll(() => server?.stop());

const store = (extra: Partial<WeaviateVectorStoreOptions> = {}): VectorStore => createWeaviateVectorStore({ scheme: 'http', host: server.host, apiKey: KEY, ...extra });
const [a, b, c] = clusteredVectors(3, 8, 3, 5);

async function failure(run: Promise<unknown> | (() => unknown)): Promise<StorageError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError, the call succeeded');
}

function expectNoSecret(error: unknown, secret: string): void {
  const texts = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error), (error as Error).stack ?? '', String((error as Error).message)];
  for (const text of texts) expect(text).not.toContain(secret);
}

describe('config', () => {
  it("is read through the descriptor from the guide's keys", async () => {
    const s = await vectorStoreFromConfig(
      {
        provider: 'weaviate',
        options: { url: server.url, auth_config: { type: 'api_key', api_key: KEY }, class_name: 'Document', properties: [{ name: 'category', data_type: 'text' }], timeout: '5', retry_count: 1 },
      },
      { backends: [weaviateVectorProvider] },
    );
    await s.upsert('cfg', [{ id: 'x', vector: a!, metadata: { year: 2020 } }]);
    const cls = server.state.getClass('Document_cfg')!;
    expect(cls.def.properties.map((p) => p.name)).toEqual(expect.arrayContaining(['agentmap_id', 'category', 'year']));
    expect(cls.def.properties.find((p) => p.name === 'category')?.dataType).toEqual(['text']);
    expect(await s.count('cfg', { filter: { category: { $exists: false } } })).toBe(1);
  });

  it('refuses bad options, naming their path', async () => {
    const bad = async (options: Record<string, unknown>) => (await failure(vectorStoreFromConfig({ provider: 'weaviate', options }, { backends: [weaviateVectorProvider] }))).message;
    expect(await bad({ url: 'localhost:8080' })).toMatch(/vector\.options\.url/);
    expect(await bad({ url: server.url, properties: [{ name: 'metadata', data_type: 'object' }] })).toMatch(/properties\.0\.data_type.*object properties/);
    expect(await bad({ url: server.url, auth_config: { type: 'oidc' } })).toMatch(/auth_config/);
    expect(await bad({ url: server.url, clas_name: 'X' })).toMatch(/clas_name/);
    expect((await failure(() => createWeaviateVectorStore({ scheme: 'http', host: 'http://x:1' }))).code).toBe('INVALID_ARGUMENT');
    expect((await failure(() => createWeaviateVectorStore({ scheme: 'http', host: server.host, className: 'lower' }))).message).toMatch(/className/);
  });
});

describe('names and ids', () => {
  it('maps collections onto class names by the documented rule, refusing names that cannot map', async () => {
    expect(classNameFor('kb', undefined)).toBe('Kb');
    expect(classNameFor('my-docs.v2', undefined)).toBe('My_docs_v2');
    expect(classNameFor('9lives', 'Document')).toBe('Document_9lives');
    for (const name of ['9lives', '_x', '-x']) {
      const error = await failure(store().upsert(name, [{ id: 'a', vector: a! }]));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/letter followed by letters, digits and "_"/);
    }
    expect((await failure(store().query('../etc', { vector: a! }))).code).toBe('INVALID_ARGUMENT');
  });

  it('refuses a second collection that maps onto a class already holding another, and classes it did not make', async () => {
    const s = store();
    await s.upsert('clash-one', [{ id: 'a', vector: a! }]);
    const error = await failure(s.upsert('clash_one', [{ id: 'b', vector: b! }]));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('"clash-one"');
    server.state.createClass({ class: 'Foreign', vectorizer: 'none' });
    expect((await failure(s.query('foreign', { vector: a! }))).message).toMatch(/not made by/);
    expect(await s.listCollections()).not.toContain('foreign');
  });

  it('stores each id under its stable UUID and reads the original back', async () => {
    const s = store();
    const ids = ['doc/1', 'ünïcødé ✓', '0b2c7a3e-4d5f-4a6b-8c7d-9e0f1a2b3c4d', 'A0B2C7A3-4D5F-4A6B-8C7D-9E0F1A2B3C4D', 'x'.repeat(512)];
    await s.upsert('ids', ids.map((id, i) => ({ id, vector: clusteredVectors(5, 8, 5, 9)[i]!, text: `t${i}` })));
    const objects = server.state.getClass('Ids')!.objects;
    for (const id of ids) expect(objects.get(uuidForId(id))?.properties.agentmap_id).toBe(id);
    expect(objects.has('0b2c7a3e-4d5f-4a6b-8c7d-9e0f1a2b3c4d')).toBe(true);
    expect((await s.get('ids', [...ids].reverse())).map((r) => r.id)).toEqual([...ids].reverse());
    expect(await s.delete('ids', { ids: ['doc/1', 'nope'] })).toBe(1);
    expect(await s.count('ids')).toBe(4);
  });

  it('keeps metadata keys that are plain names, and encodes the rest', () => {
    expect(propertyFor('year')).toBe('year');
    expect(propertyFor('publishedAt')).toBe('publishedAt');
    expect(propertyFor('id')).toBe('m_6964');
    expect(propertyFor('author_name')).toMatch(/^m_[0-9a-f]+$/);
    expect(propertyFor('k'.repeat(200))).toMatch(/^h_[0-9a-f]{64}$/);
  });

  it('lists only the collections of its own prefix', async () => {
    const one = store({ className: 'One' });
    const two = store({ className: 'Two' });
    await one.upsert('shared', [{ id: 'a', vector: a! }]);
    await two.upsert('shared', [{ id: 'a', vector: a! }, { id: 'b', vector: b! }]);
    expect(await one.listCollections()).toEqual(['shared']);
    expect(await one.count('shared')).toBe(1);
    expect(await two.count('shared')).toBe(2);
    expect(await two.dropCollection('shared')).toBe(true);
    expect(await one.count('shared')).toBe(1);
  });
});

describe('filters to where', () => {
  const kinds = new Map([
    ['year', 'number' as const],
    ['tags', 'text[]' as const],
    ['title', 'text' as const],
  ]);
  it('pushes negation down to the comparisons, finding missing fields with IsNull', () => {
    expect(compileWhere(parseFilter({ year: { $not: { $lt: 2020 } } })!, kinds)).toEqual({
      operator: 'Or',
      operands: [
        { path: ['year'], operator: 'IsNull', valueBoolean: true },
        { path: ['year'], operator: 'GreaterThanEqual', valueNumber: 2020 },
      ],
    });
    expect(compileWhere(parseFilter({ $nor: [{ tags: { $contains: 'a' } }] })!, kinds)).toEqual({ path: ['tags'], operator: 'ContainsNone', valueTextArray: ['a'] });
  });

  it('folds comparisons the schema decides into constants', () => {
    expect(compileWhere(parseFilter({ nothing: { $exists: false } })!, kinds)).toBe(true);
    expect(compileWhere(parseFilter({ year: 'twenty' })!, kinds)).toBe(false);
    expect(compileWhere(parseFilter({ $and: [{ year: 'twenty' }, { year: 2020 }] })!, kinds)).toBe(false);
    expect(compileWhere(parseFilter({ $or: [{ tags: 'a' }, { year: 2020 }] })!, kinds)).toEqual({ path: ['year'], operator: 'Equal', valueNumber: 2020 });
  });

  it('refuses $regex, and $contains with a Like wildcard, as UNSUPPORTED', async () => {
    const s = store();
    await s.upsert('regex', [{ id: 'a', vector: a!, metadata: { title: 'x*y' } }]);
    expect((await failure(s.query('regex', { vector: a!, filter: { title: { $regex: '^x' } } }))).code).toBe('UNSUPPORTED');
    expect((await failure(s.query('regex', { vector: a!, filter: { title: { $contains: '*' } } }))).code).toBe('UNSUPPORTED');
    expect((await failure(s.count('regex', { filter: { title: { $regex: '^x' } } }))).code).toBe('UNSUPPORTED');
  });
});

describe('scores', () => {
  it('turns cosine, dot and l2-squared distances into higher-is-closer scores', async () => {
    for (const metric of ['cosine', 'dot', 'euclidean'] as const) {
      const s = store({ className: `Metric_${metric}`, metric });
      await s.upsert('m', [
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0, 2] },
      ]);
      const [first, second] = await s.query('m', { vector: [1, 0], limit: 2 });
      expect(first?.id).toBe('a');
      expect(first!.score).toBeGreaterThan(second!.score);
      const want = { cosine: [1, 0], dot: [1, 0], euclidean: [1, 1 / (1 + Math.sqrt(5))] }[metric];
      expect(first!.score).toBeCloseTo(want[0]!, 6);
      expect(second!.score).toBeCloseTo(want[1]!, 6);
      expect(await s.query('m', { vector: [1, 0], threshold: 0.99 })).toHaveLength(1);
    }
  });
});

describe('errors', () => {
  it('answers a wrong key with UNAUTHENTICATED, the key nowhere in the error', async () => {
    const wrong = 'wv-wrong-key-9876543210';
    const error = await failure(createWeaviateVectorStore({ scheme: 'http', host: server.host, apiKey: wrong }).listCollections());
    expect(error.code).toBe('UNAUTHENTICATED');
    expectNoSecret(error, wrong);
    expect(error.cause).toBeUndefined();
  });

  it('answers a read-only key that writes with PERMISSION_DENIED', async () => {
    const error = await failure(createWeaviateVectorStore({ scheme: 'http', host: server.host, apiKey: 'wv-reader-key-000' }).upsert('ro', [{ id: 'a', vector: a! }]));
    expect(error.code).toBe('PERMISSION_DENIED');
    expectNoSecret(error, 'wv-reader-key-000');
  });

  it('maps 404, 409, 422 and a persistent 503 onto their codes', async () => {
    const s = store({ retries: 0 });
    server.injectFault({ status: 404, match: /^GET \/v1\/schema$/ });
    expect((await failure(s.listCollections())).code).toBe('NOT_FOUND');
    await s.upsert('codes', [{ id: 'a', vector: a! }]);
    server.injectFault({ status: 409, match: /^POST \/v1\/batch\/objects$/ });
    expect((await failure(s.upsert('codes', [{ id: 'b', vector: b! }]))).code).toBe('ALREADY_EXISTS');
    server.injectFault({ status: 422, match: /^POST \/v1\/batch\/objects$/, message: `bad thing near Bearer ${KEY}` });
    const unprocessable = await failure(s.upsert('codes', [{ id: 'b', vector: b! }]));
    expect(unprocessable.code).toBe('INVALID_ARGUMENT');
    expectNoSecret(unprocessable, KEY);
    server.injectFault({ status: 503, match: /^POST \/v1\/graphql$/ });
    const unavailable = await failure(s.query('codes', { vector: a! }));
    expect([unavailable.code, unavailable.retryable]).toEqual(['UNAVAILABLE', true]);
  });

  it('says so when the server has its GraphQL API switched off', async () => {
    const s = store({ retries: 0 });
    await s.upsert('nographql', [{ id: 'a', vector: a! }]);
    server.injectFault({ status: 404, match: /^POST \/v1\/graphql$/ });
    const error = await failure(s.query('nographql', { vector: a! }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/GraphQL API is switched off/);
  });

  it('retries 429 and 5xx, waiting as long as Retry-After asks', async () => {
    const s = store();
    await s.upsert('retry', [{ id: 'a', vector: a! }]);
    server.injectFault({ status: 429, retryAfter: '1', match: /^POST \/v1\/graphql$/ });
    const started = Date.now();
    expect(await s.count('retry')).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    server.injectFault({ status: 502, times: 2, match: /^POST \/v1\/batch\/objects$/ });
    await s.upsert('retry', [{ id: 'b', vector: b! }]);
    expect(await s.count('retry')).toBe(2);
  });

  it('gives up on a request that takes longer than timeoutMs with TIMEOUT', async () => {
    const s = store({ timeoutMs: 200, retries: 0 });
    server.injectFault({ delayMs: 1500, match: /^GET \/v1\/schema$/ });
    const started = Date.now();
    expect((await failure(s.listCollections())).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('answers a dead server with UNAVAILABLE, within the timeout', async () => {
    const port = await freePort();
    const s = createWeaviateVectorStore({ scheme: 'http', host: `127.0.0.1:${port}`, apiKey: KEY, timeoutMs: 2000 });
    const started = Date.now();
    const error = await failure(s.count('dead'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(4000);
    expectNoSecret(error, KEY);
  });

  it('answers a connection the server drops with UNAVAILABLE once retries are spent', async () => {
    const s = store({ retries: 1 });
    server.injectFault({ hangUp: true, times: 2, match: /^GET \/v1\/schema$/ });
    const error = await failure(s.listCollections());
    expect(error.code).toBe('UNAVAILABLE');
    expectNoSecret(error, KEY);
  });

  it('stops at once when the caller aborts', async () => {
    const s = store();
    server.injectFault({ delayMs: 2000, match: /^GET \/v1\/schema$/ });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await failure(s.listCollections({ signal: controller.signal }))).code).toBe('ABORTED');
  });

  it('reads a class once per store, and makes it again when it was deleted elsewhere', async () => {
    const s = store();
    await s.upsert('gone', [{ id: 'a', vector: a! }]);
    await s.upsert('gone', [{ id: 'b', vector: b! }]);
    const res = await fetch(`http://${server.host}/v1/schema/Gone`, { method: 'DELETE', headers: { authorization: `Bearer ${KEY}` } });
    expect(res.ok).toBe(true);
    await s.upsert('gone', [{ id: 'c', vector: c!, metadata: { tag: 'x' } }]);
    expect(await s.count('gone')).toBe(1);
    expect((await s.query('gone', { vector: c!, filter: { tag: 'x' } }))[0]!.id).toBe('c');
  });

  it("surfaces the batch import's per-object errors, naming the ids written and not", async () => {
    const s = store();
    await s.upsert('partial', [{ id: 'seed', vector: a! }]);
    server.rejectObjects((o) => (o.properties as Record<string, unknown>).agentmap_id === 'bad', 'object rejected: shard is read-only');
    try {
      const error = await failure(
        s.upsert('partial', [
          { id: 'good', vector: b! },
          { id: 'bad', vector: c! },
        ]),
      );
      expect(error.details).toMatchObject({ failedIds: ['bad'], writtenIds: ['good'] });
      expect(error.message).toMatch(/1 of 2 records were not written.*shard is read-only/);
    } finally {
      server.rejectObjects(undefined);
    }
    expect((await s.get('partial', ['good', 'bad'])).map((r) => r.id)).toEqual(['good']);
  });

  it('refuses a metadata field whose type changes, before writing anything', async () => {
    const s = store();
    await s.upsert('typed', [{ id: 'a', vector: a!, metadata: { year: 2020 } }]);
    const error = await failure(s.upsert('typed', [{ id: 'b', vector: b!, metadata: { other: 1 } }, { id: 'c', vector: c!, metadata: { year: 'twenty' } }]));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(await s.count('typed')).toBe(1);
    expect(server.state.getClass('Typed')!.def.properties.map((p) => p.name)).not.toContain('other');
  });
});

describe('large deletes and reads', () => {
  let small: WeaviateTestServer;
  beforeAll(async () => {
    small = await startWeaviateTestServer({ maximumResults: 5 });
  });
  afterAll(() => small?.stop());

  it('deletes by filter in rounds of QUERY_MAXIMUM_RESULTS until nothing more matches, and reads many ids in chunks', async () => {
    const s = createWeaviateVectorStore({ scheme: 'http', host: small.host });
    const vectors = clusteredVectors(130, 8, 4, 21);
    await s.upsert('rounds', vectors.map((vector, i) => ({ id: `r${i}`, vector, metadata: { even: i % 2 === 0 } })));
    expect((await s.get('rounds', vectors.map((_, i) => `r${129 - i}`))).map((r) => r.id)).toEqual(vectors.map((_, i) => `r${129 - i}`));
    expect(await s.delete('rounds', { filter: { even: true } })).toBe(65);
    expect(await s.count('rounds')).toBe(65);
    // A filter every record matches (no record has `nothing`) still deletes everything, in rounds.
    expect(await s.delete('rounds', { filter: { nothing: { $exists: false } } })).toBe(65);
    expect(await s.count('rounds')).toBe(0);
    expect(await s.delete('rounds', { filter: { nothing: { $exists: true } } })).toBe(0);
  });
});
