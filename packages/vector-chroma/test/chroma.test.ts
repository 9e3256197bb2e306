import { inspect } from 'node:util';
import { isStorageError, type StorageError } from '@agentmap/storage-core';
import { clusteredVectors } from '@agentmap/storage-testkit/vector';
import { evaluateFilter, parseFilter, vectorStoreFromConfig, type VectorFilter, type VectorMetadata } from '@agentmap/storage-vector';
import { freePort, startChroma } from '@agentmap/test-servers';
import { ChromaClient } from 'chromadb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromaVectorProvider, compileFilter, compileWhere, createChromaVectorStore } from '../src/index';
import { attachTransport } from '../src/transport';
import { startGuardProxy, type GuardProxy } from './support/guard-proxy';

const server = startChroma();
server.catch(() => undefined);
let url = '';
beforeAll(async () => {
  url = (await server).url;
});
afterAll(async () => (await server.catch(() => undefined))?.stop());

async function failure(run: Promise<unknown> | (() => unknown)): Promise<StorageError> {
  try {
    await (typeof run === 'function' ? Promise.resolve().then(run) : run);
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError, got success');
}

/** Everything an error shows anywhere: message, stack, causes, JSON. */
function everything(error: unknown): string {
  return `${inspect(error, { depth: Infinity, showHidden: true })}\n${JSON.stringify(error)}\n${(error as Error).stack ?? ''}`;
}

const raw = () => {
  const u = new URL(url);
  return new ChromaClient({ host: u.hostname, port: Number(u.port) });
};
const [v0, v1, v2] = clusteredVectors(3, 8, 3, 4);

describe('filter to where', () => {
  it('pushes $not down to comparisons that match missing fields and other kinds', () => {
    expect(compileWhere(parseFilter({ year: { $not: { $lt: 2020 } } })!)).toEqual({ $or: [{ 'agentmap:t:year': { $ne: 'number' } }, { year: { $gte: 2020 } }] });
    expect(compileWhere(parseFilter({ $nor: [{ a: 1 }, { b: { $exists: true } }] })!)).toEqual({
      $and: [{ a: { $ne: 1 } }, { 'agentmap:t:b': { $nin: ['string', 'number', 'boolean', 'list'] } }],
    });
  });

  it('splits $in by type (Chroma wants one per list) and folds empty lists into constants', () => {
    expect(compileWhere(parseFilter({ n: { $in: [1, 2.5, 'x'] } })!)).toEqual({ $or: [{ n: { $in: [1] } }, { n: { $in: [2.5] } }, { n: { $in: ['x'] } }] });
    expect(compileWhere(parseFilter({ n: { $in: [] } })!)).toBe(false);
    expect(compileWhere(parseFilter({ n: { $nin: [] } })!)).toBe(true);
  });

  it('sends top-level conditions on #document to where_document, and refuses them inside $or', () => {
    expect(compileFilter(parseFilter({ category: 'tech', '#document': { $contains: 'flow' }, $not: { '#document': { $regex: '^x' } } })!)).toEqual({
      where: { category: { $eq: 'tech' } },
      whereDocument: { $and: [{ $contains: 'flow' }, { $not_regex: '^x' }] },
    });
    expect(() => compileFilter(parseFilter({ $or: [{ '#document': { $contains: 'a' } }, { a: 1 }] })!)).toThrow(/top level/);
    expect(() => compileFilter(parseFilter({ '#document': 'exact' })!)).toThrow(/\$contains or \$regex/);
    expect(() => compileFilter(parseFilter({ tags: { $contains: 'x' } })!)).toThrow(/cannot filter with \$contains/);
  });

  it('refuses string bounds longer than it can compare exactly, and reserved field names', () => {
    expect(() => compileWhere(parseFilter({ d: { $gt: '2024-01-01T00:00:00Z' } })!)).toThrow(/at most 11 characters/);
    expect(() => compileWhere(parseFilter({ 'agentmap:t:x': 'string' })!)).toThrow(/reserved/);
  });
});

describe('createChromaVectorStore', () => {
  it('refuses bad options, naming them', async () => {
    for (const options of [{}, { url: 'localhost:8000' }, { url: 'ftp://x' }, { url: 'http://u:secret@h:1' }, { url: 'http://h:1/api' }, { url, bogus: 1 }, { url, timeoutMs: 0 }, { url, metric: 'dot', collectionMetadata: { 'hnsw:space': 'l2' } }]) {
      const error = await failure(() => createChromaVectorStore(options as never));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).not.toContain('secret');
    }
  });

  it('refuses collection names Chroma refuses, naming its rule, before any request', async () => {
    const store = createChromaVectorStore({ url: 'http://127.0.0.1:1' });
    for (const name of ['ab', 'a..b', '192.168.1.1', '-abc', 'abc-', 'x'.repeat(64), 'a b c', '../x']) {
      const error = await failure(store.upsert(name, [{ id: 'a', vector: v0! }]));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/3 to 63 characters|collection name must be/);
      expect((await failure(store.query(name, { vector: v0! }))).code).toBe('INVALID_ARGUMENT');
    }
  });

  it('is reached from config through its descriptor, with the guide\'s keys', async () => {
    const backends = [chromaVectorProvider];
    const u = new URL(url);
    for (const options of [{ url, collection_metadata: { 'hnsw:space': 'l2' } }, { client_settings: { chroma_server_host: u.hostname, chroma_server_http_port: Number(u.port) }, collection_metadata: { 'hnsw:space': 'l2' } }]) {
      const store = await vectorStoreFromConfig({ provider: 'chroma', options }, { backends });
      await store.upsert('config-l2', [{ id: 'a', vector: v0! }]);
      const [hit] = await store.query('config-l2', { vector: v0!, limit: 1 });
      expect(hit?.score).toBeCloseTo(1, 5);
      await store.dropCollection('config-l2');
    }
    for (const options of [{ url, bogus: 1 }, { persist_directory: './vector_db' }, { url, embedding_function: 'openai' }, {}]) {
      const error = await failure(vectorStoreFromConfig({ provider: 'chroma', options }, { backends }));
      expect(error.code).toBe('INVALID_ARGUMENT');
    }
    expect((await failure(vectorStoreFromConfig({ provider: 'chroma', options: { persist_directory: 'x' } }, { backends }))).message).toMatch(/chroma run --path/);
    const ranged = await vectorStoreFromConfig({ provider: 'chroma', options: { url, string_ranges: true } }, { backends });
    await ranged.upsert('config-ranges', [{ id: 'a', vector: v0!, metadata: { d: '2024-05-01' } }]);
    expect(await ranged.count('config-ranges', { filter: { d: { $gt: '2024' } } })).toBe(1);
    await ranged.dropCollection('config-ranges');
    expect((await failure(vectorStoreFromConfig({ provider: 'chroma', options: { url, string_ranges: 'yes' } }, { backends }))).code).toBe('INVALID_ARGUMENT');
  });

  it('creates collections with the configured hnsw:space and scores each space higher-is-closer', async () => {
    for (const [metric, space] of [['cosine', 'cosine'], ['dot', 'ip'], ['euclidean', 'l2']] as const) {
      const store = createChromaVectorStore({ url, metric });
      const name = `space-${metric}`;
      await store.upsert(name, [{ id: 'a', vector: v0! }, { id: 'b', vector: v1! }]);
      const collection = await raw().getCollection({ name, embeddingFunction: { generate: () => Promise.resolve([]) } });
      expect(collection.metadata?.['hnsw:space']).toBe(space);
      const [best, next] = await store.query(name, { vector: v0!, limit: 2 });
      expect(best?.id).toBe('a');
      expect(best!.score).toBeGreaterThan(next!.score);
      if (metric === 'dot') expect(best!.score).toBeCloseTo(v0!.reduce((s, x) => s + x * x, 0), 2);
      else expect(best!.score).toBeCloseTo(1, 4);
      await store.dropCollection(name);
    }
  });

  it('replaces a record whole in Chroma itself: old keys, companion keys and text are gone', async () => {
    const store = createChromaVectorStore({ url });
    await store.upsert('replace-raw', [{ id: 'x', vector: v0!, text: 'old', metadata: { gone: 'yes', tags: ['a', 'b'], kept: 1 } }]);
    await store.upsert('replace-raw', [{ id: 'x', vector: v1!, metadata: { kept: 2 } }]);
    const stored = await raw().getCollection({ name: 'replace-raw', embeddingFunction: { generate: () => Promise.resolve([]) } });
    const got = await stored.get({ ids: ['x'], include: ['metadatas', 'documents'] as never });
    expect(got.metadatas[0]).toEqual({ kept: 2, 'agentmap:t:kept': 'number' });
    expect(got.documents[0]).toBe('');
    expect(await store.get('replace-raw', ['x'])).toEqual([{ id: 'x', vector: expect.any(Array), metadata: { kept: 2 } }]);
    expect(await store.count('replace-raw', { filter: { gone: { $exists: true } } })).toBe(0);
    expect(await store.count('replace-raw', { filter: { tags: { $all: ['a'] } } })).toBe(0);
    await store.dropCollection('replace-raw');
  });

  it('keeps ids, lists, texts and odd metadata as given', async () => {
    const store = createChromaVectorStore({ url });
    const ids = ['plain', 'nul\u0000inside', 'with space', 'üñí©ødé ✓', "quote'\"`", 'x'.repeat(512), '00000000-0000-0000-0000-000000000000'];
    await store.upsert(
      'ids-roundtrip',
      ids.map((id, i) => ({ id, vector: clusteredVectors(1, 8, 1, 10 + i)[0]!, text: `t${i}`, metadata: { i, tags: [i, i + 1], nothing: null, flag: i % 2 === 0 } })),
    );
    const got = await store.get('ids-roundtrip', [...ids].reverse());
    expect(got.map((r) => r.id)).toEqual([...ids].reverse());
    expect(got.at(-1)).toMatchObject({ text: 't0', metadata: { i: 0, tags: [0, 1], flag: true } });
    expect(got.at(-1)!.metadata).not.toHaveProperty('nothing');
    expect(await store.delete('ids-roundtrip', { ids: [ids[1]!, 'absent'] })).toBe(1);
    await store.dropCollection('ids-roundtrip');
  });

  it('refuses metadata fields Chroma or this package reserve, before writing anything', async () => {
    const store = createChromaVectorStore({ url });
    for (const field of ['chroma:document', 'agentmap:t:x', '#document']) {
      const error = await failure(store.upsert('reserved-keys', [{ id: 'ok', vector: v0! }, { id: 'bad', vector: v1!, metadata: { [field]: 'x' } }]));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain('reserved');
    }
    expect(await store.count('reserved-keys')).toBe(0);
  });

  it('compares strings exactly for bounds of up to 11 characters, in a collection made with stringRanges', async () => {
    const store = createChromaVectorStore({ url, stringRanges: true });
    const words = ['', 'a', 'ab', 'abc', 'abcd', 'abd', 'b', 'ba', 'Z', 'zz', 'é', '2024-01-15', '2024-01-15T10:00', '2024-02', 'abcdefghijk', 'abcdefghijkl', 'abcdefghijj~'];
    const all: Array<{ id: string; metadata: VectorMetadata }> = [...words.map((w, i) => ({ id: `w${i}`, metadata: { w } })), { id: 'num', metadata: { w: 3 } }, { id: 'none', metadata: {} }];
    await store.upsert('strings', all.map((r, i) => ({ ...r, vector: clusteredVectors(1, 8, 1, 40 + i)[0]! })));
    for (const bound of ['', 'a', 'abc', 'abcd', 'ab', 'b', '2024-01-15', '2024-01-16', 'abcdefghijk', 'é', 'zzz']) {
      for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
        for (const filter of [{ w: { [op]: bound } }, { w: { $not: { [op]: bound } } }] as VectorFilter[]) {
          const node = parseFilter(filter);
          const expected = all.filter((r) => evaluateFilter(node, r.metadata)).map((r) => r.id).sort();
          const got = (await store.query('strings', { vector: v2!, limit: 100, filter })).map((m) => m.id).sort();
          expect(got, JSON.stringify(filter)).toEqual(expected);
        }
      }
    }
    await store.dropCollection('strings');
  });

  it('keeps order keys of strings only in collections made with stringRanges, whichever store writes', async () => {
    const plain = createChromaVectorStore({ url });
    const ranged = createChromaVectorStore({ url, stringRanges: true });
    const metadataOf = async (name: string) => {
      const stored = await raw().getCollection({ name, embeddingFunction: { generate: () => Promise.resolve([]) } });
      return { collection: stored.metadata, record: (await stored.get({ ids: ['a'], include: ['metadatas'] as never })).metadatas[0] };
    };
    // Made by the plain store: no order keys, string bounds refused naming the collection, number ranges as ever.
    await plain.upsert('sr-plain', [{ id: 'a', vector: v0!, metadata: { d: '2024-05-01', n: 3 } }]);
    await ranged.upsert('sr-plain', [{ id: 'b', vector: v1!, metadata: { d: '2024-06-01', n: 4 } }]);
    expect(await metadataOf('sr-plain')).toEqual({ collection: expect.not.objectContaining({ 'agentmap:string-ranges': true }), record: { d: '2024-05-01', 'agentmap:t:d': 'string', n: 3, 'agentmap:t:n': 'number' } });
    for (const store of [plain, ranged]) {
      const refused = await failure(store.query('sr-plain', { vector: v0!, filter: { d: { $gte: '2024-05-15' } } }));
      expect(refused.code).toBe('UNSUPPORTED');
      expect(refused.message).toContain('"sr-plain" was made without');
      expect((await failure(store.count('sr-plain', { filter: { d: { $lt: '2025' } } }))).code).toBe('UNSUPPORTED');
      expect((await failure(store.delete('sr-plain', { filter: { d: { $lt: '2025' } } }))).code).toBe('UNSUPPORTED');
      expect(await store.count('sr-plain', { filter: { n: { $gt: 3 }, d: { $ne: 'x' } } })).toBe(1);
    }
    // Made by the ranged store: the marker, order keys from every writer, string bounds compared.
    await ranged.upsert('sr-ranged', [{ id: 'a', vector: v0!, metadata: { d: '2024-05-01' } }]);
    await plain.upsert('sr-ranged', [{ id: 'b', vector: v1!, metadata: { d: '2024-06-01' } }]);
    const { collection, record } = await metadataOf('sr-ranged');
    expect(collection).toMatchObject({ 'agentmap:string-ranges': true });
    expect(Object.keys(record!)).toContain('agentmap:s0:d');
    for (const store of [plain, ranged]) {
      expect((await store.query('sr-ranged', { vector: v0!, filter: { d: { $gte: '2024-05-15' } } })).map((m) => m.id)).toEqual(['b']);
      expect(await store.count('sr-ranged', { filter: { d: { $lt: '2024-05-15' } } })).toBe(1);
    }
    expect((await failure(() => createChromaVectorStore({ url, collectionMetadata: { 'agentmap:string-ranges': true } }))).message).toContain('stringRanges');
    expect((await failure(() => createChromaVectorStore({ url, stringRanges: 'yes' as never }))).code).toBe('INVALID_ARGUMENT');
    await plain.dropCollection('sr-plain');
    await plain.dropCollection('sr-ranged');
  });

  it('filters on the text with #document: $contains, $regex and their negations', async () => {
    const store = createChromaVectorStore({ url });
    const texts = ['AgentMap is a workflow system', 'Banana bread needs ripe bananas', 'Workflow automation for agents', ''];
    await store.upsert('documents', texts.map((text, i) => ({ id: `t${i}`, vector: clusteredVectors(1, 8, 1, 70 + i)[0]!, text, metadata: { i } })));
    const ids = async (filter: VectorFilter) => (await store.query('documents', { vector: v0!, limit: 10, filter })).map((m) => m.id).sort();
    expect(await ids({ '#document': { $contains: 'workflow' } })).toEqual(['t0']);
    expect(await ids({ '#document': { $regex: '[Ww]orkflow' } })).toEqual(['t0', 't2']);
    expect(await ids({ '#document': { $not: { $contains: 'workflow' } }, i: { $lt: 3 } })).toEqual(['t1', 't2']);
    expect(await store.count('documents', { filter: { '#document': { $regex: 'banana' } } })).toBe(1);
    expect(await store.delete('documents', { filter: { '#document': { $contains: 'Banana' } } })).toBe(1);
    expect(await store.count('documents')).toBe(3);
    await store.dropCollection('documents');
  });

  it('refuses $contains and $regex on metadata with UNSUPPORTED, pointing to $all for list elements', async () => {
    const store = createChromaVectorStore({ url });
    const error = await failure(store.query('unsupported', { vector: v0!, filter: { tags: { $contains: 'x' } } }));
    expect(error.code).toBe('UNSUPPORTED');
    expect((await failure(store.count('unsupported', { filter: { t: { $regex: 'x' } } }))).code).toBe('UNSUPPORTED');
  });
});

describe('the HTTP boundary', () => {
  const token = 'ck-very-secret-token-123456';
  const readOnly = 'ck-read-only-token-654321';
  let proxy: GuardProxy;
  beforeAll(async () => {
    proxy = await startGuardProxy((await server).url, { token, readOnlyToken: readOnly });
  });
  afterAll(() => proxy?.stop());
  const store = (extra: Partial<Parameters<typeof createChromaVectorStore>[0]> = {}) => createChromaVectorStore({ url: proxy.url, headers: { 'x-chroma-token': token }, ...extra });

  it('sends the configured headers on every request', async () => {
    const s = store();
    await s.upsert('auth-ok', [{ id: 'a', vector: v0! }]);
    expect(await s.count('auth-ok')).toBe(1);
    const ours = proxy.requests.filter((r) => r.path.includes('/collections'));
    expect(ours.length).toBeGreaterThan(2);
    expect(ours.every((r) => r.headers['x-chroma-token'] === token)).toBe(true);
  });

  it('maps 401 to UNAUTHENTICATED and 403 to PERMISSION_DENIED, the key nowhere in the error', async () => {
    const wrong = 'ck-wrong-token-abcdef';
    const unauthenticated = await failure(store({ headers: { 'x-chroma-token': wrong } }).upsert('auth-bad', [{ id: 'a', vector: v0! }]));
    expect(unauthenticated.code).toBe('UNAUTHENTICATED');
    expect(unauthenticated.message).toMatch(/401/);
    expect(everything(unauthenticated)).not.toContain(wrong);
    const denied = await failure(store({ headers: { 'x-chroma-token': readOnly } }).upsert('auth-ok', [{ id: 'b', vector: v0! }]));
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(everything(denied)).not.toContain(readOnly);
    expect(everything(denied)).not.toContain(token);
    expect(await store({ headers: { 'x-chroma-token': readOnly } }).count('auth-ok')).toBe(1);
  });

  it('maps 404, 409 and 422 from the server, and reads of a missing collection are empty', async () => {
    const s = store({ retries: 0 });
    expect(await s.query('never-made', { vector: v0! })).toEqual([]);
    expect(await s.dropCollection('never-made')).toBe(false);
    // A 404 on a known collection is retried once on a fresh lookup (it may have been made again), then reported.
    await s.upsert('auth-404', [{ id: 'a', vector: v0! }]);
    proxy.inject({ status: 404, match: /\/count$/ }, { status: 404, match: /\/count$/ });
    const missing = await failure(s.count('auth-404'));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/404/);
    proxy.inject({ status: 409, match: /POST .*\/collections$/ });
    expect((await failure(s.upsert('conflicted', [{ id: 'a', vector: v0! }]))).code).toBe('ALREADY_EXISTS');
    proxy.inject({ status: 422, match: /\/query$/ });
    expect((await failure(s.query('auth-404', { vector: v0! }))).code).toBe('INVALID_ARGUMENT');
    // A dimension Chroma refuses is its own 400.
    expect((await failure(s.query('auth-404', { vector: [1, 2, 3] }))).code).toBe('INVALID_ARGUMENT');
  });

  it('retries 429 and 5xx, honouring Retry-After, and says so when retries run out', async () => {
    const s = store({ retries: 2 });
    proxy.inject({ status: 429, retryAfter: '1', match: /\/upsert$/ }, { status: 503, match: /\/upsert$/ });
    const started = Date.now();
    await s.upsert('auth-ok', [{ id: 'r', vector: v1! }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await s.count('auth-ok')).toBe(2);
    proxy.inject({ status: 429, retryAfter: '7', match: /\/count$/ });
    const limited = await failure(store({ retries: 0 }).count('auth-ok'));
    expect(limited.code).toBe('UNAVAILABLE');
    expect(limited.retryable).toBe(true);
    expect(limited.details).toMatchObject({ status: 429, retryAfterMs: 7000 });
    proxy.inject({ status: 500, match: /\/count$/ });
    expect((await failure(store({ retries: 0 }).count('auth-ok'))).code).toBe('UNAVAILABLE');
  });

  it('gives up on a slow server with TIMEOUT, and on an aborted call with ABORTED', async () => {
    const s = store({ timeoutMs: 300, retries: 0 });
    await s.count('auth-ok');
    proxy.setDelay(2000);
    try {
      const started = Date.now();
      expect((await failure(s.count('auth-ok'))).code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(1500);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      expect((await failure(store().query('auth-ok', { vector: v0!, signal: controller.signal }))).code).toBe('ABORTED');
    } finally {
      proxy.setDelay(0);
    }
  });

  it('answers UNAVAILABLE for a dead server within the timeout, retries included', async () => {
    const dead = createChromaVectorStore({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000, headers: { authorization: `Bearer ${token}` } });
    const started = Date.now();
    const error = await failure(dead.upsert('dead-server', [{ id: 'a', vector: v0! }]));
    expect(error.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(everything(error)).not.toContain(token);
    expect((await failure(dead.listCollections())).code).toBe('UNAVAILABLE');
  });

  it('drives the client through its HTTP client, and says so when a chromadb release moves it', () => {
    expect(() => attachTransport({} as never, { timeoutMs: 1, retries: 0, secrets: [] })).toThrow(/chromadb 3\.5\.0/);
  });
});
