import { Pinecone } from '@pinecone-database/pinecone';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startPineconeTestServer } from '../src/index';

const server = await startPineconeTestServer({ apiKey: 'test-key' });
afterAll(() => server.close());
beforeEach(() => server.reset());

const pc = new Pinecone({ apiKey: 'test-key', controllerHostUrl: server.url, maxRetries: 0 });
const headers = { 'Api-Key': 'test-key', 'X-Pinecone-Api-Version': '2026-04', 'content-type': 'application/json' };
const spec = { serverless: { cloud: 'aws', region: 'us-east-1' } };

async function raw(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.headers ?? headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, retryAfter: response.headers.get('retry-after') };
}

async function index(name = 'idx', dimension = 2, metric: 'cosine' | 'dotproduct' | 'euclidean' = 'cosine') {
  const model = await pc.createIndex({ name, dimension, metric, spec });
  return pc.index({ name, host: (model as { host: string }).host });
}

describe('control plane', () => {
  it('creates (201), describes, lists and deletes (202) indexes whose host points back here', async () => {
    const created = await raw('/indexes', { body: { name: 'movies', dimension: 3, metric: 'euclidean', spec } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'movies', dimension: 3, metric: 'euclidean', status: { ready: true, state: 'Ready' }, vector_type: 'dense' });
    expect((created.body as { host: string }).host.startsWith(server.url)).toBe(true);
    expect((await pc.listIndexes()).indexes?.map((i) => i.name)).toEqual(['movies']);
    expect((await pc.describeIndex('movies')).dimension).toBe(3);
    expect((await raw('/indexes/movies', { method: 'DELETE' })).status).toBe(202);
    expect((await pc.listIndexes()).indexes).toEqual([]);
  });

  it('answers errors as ErrorResponse { error: { code, message }, status }', async () => {
    expect(await raw('/indexes/nope')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Index nope not found.' }, status: 404 } });
    await raw('/indexes', { body: { name: 'dup', dimension: 2, spec } });
    expect(await raw('/indexes', { body: { name: 'dup', dimension: 2, spec } })).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_EXISTS' }, status: 409 } });
    expect((await raw('/indexes', { body: { name: 'Bad_Name', dimension: 2, spec } })).status).toBe(400);
    expect((await raw('/indexes', { body: { name: 'x', dimension: 2 } })).body).toMatchObject({ status: 422, error: { code: 'UNPROCESSABLE_ENTITY' } });
    expect((await raw('/indexes', { body: { name: 'x', dimension: 2, spec: { serverless: { cloud: 'moon', region: 'r' } } } })).status).toBe(404);
    await raw('/indexes', { body: { name: 'kept', dimension: 2, spec, deletion_protection: 'enabled' } });
    expect(await raw('/indexes/kept', { method: 'DELETE' })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  it('checks Api-Key (401) and needs X-Pinecone-Api-Version', async () => {
    expect(await raw('/indexes', { headers: { 'X-Pinecone-Api-Version': '2026-04' } })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    expect(await raw('/indexes', { headers: { 'Api-Key': 'wrong', 'X-Pinecone-Api-Version': '2026-04' } })).toMatchObject({ status: 401, body: { error: { message: 'Invalid API key.' } } });
    expect((await raw('/indexes', { headers: { 'Api-Key': 'test-key' } })).status).toBe(400);
    await pc.listIndexes();
    expect(server.lastApiVersion).toBe('2026-04');
  });
});

describe('data plane', () => {
  it('upserts, fetches, queries best first and describes stats per namespace', async () => {
    const idx = await index();
    await idx.upsert({ records: [{ id: 'a', values: [1, 0], metadata: { genre: 'drama' } }, { id: 'b', values: [0, 1] }], namespace: 'ns' });
    expect(Object.keys((await idx.fetch({ ids: ['a', 'zz'], namespace: 'ns' })).records)).toEqual(['a']);
    const q = await idx.query({ vector: [1, 0.1], topK: 2, includeMetadata: true, namespace: 'ns' });
    expect(q.matches.map((m) => m.id)).toEqual(['a', 'b']);
    expect(q.matches[0]!.metadata).toEqual({ genre: 'drama' });
    expect((await idx.describeIndexStats()).namespaces).toEqual({ ns: { recordCount: 2 } });
  });

  it('answers errors as rpcStatus { code, message, details } with the documented statuses', async () => {
    await index();
    const host = (await pc.describeIndex('idx')).host.slice(server.url.length);
    const dim = await raw(`${host}/vectors/upsert`, { body: { vectors: [{ id: 'a', values: [1, 2, 3] }] } });
    expect(dim).toMatchObject({ status: 400, body: { code: 3, details: [] } });
    expect((dim.body as { message: string }).message).toContain('dimension');
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ id: `v${i}`, values: [1, 1] }));
    expect((await raw(`${host}/vectors/upsert`, { body: { vectors: tooMany } })).status).toBe(400);
    expect((await raw(`${host}/vectors/upsert`, { body: { vectors: [{ id: 'a', values: [1, 1], metadata: { x: null } }] } })).status).toBe(400);
    expect((await raw(`${host}/vectors/upsert`, { body: { vectors: [{ id: 'a', values: [1, 1], metadata: { big: 'x'.repeat(41_000) } }] } })).status).toBe(400);
    expect((await raw(`${host}/query`, { body: { vector: [1, 1], topK: 1001, includeMetadata: true } })).status).toBe(400);
    const huge = await raw(`${host}/vectors/upsert`, { body: { vectors: [{ id: 'a', values: [1, 1], metadata: { pad: 'x'.repeat(2_200_000) } }] } });
    expect(huge.status).toBe(400);
    expect((huge.body as { message: string }).message).toMatch(/exceeds the limit of 2097152 bytes/);
    expect((await raw(`${host}/describe_index_stats`, { body: { filter: { a: 1 } } })).status).toBe(400);
    expect(await raw(`${host}/namespaces/none`, { method: 'DELETE' })).toMatchObject({ status: 404, body: { code: 5 } });
    expect(await raw(`${host}/query`, { body: { vector: [1, 1], topK: 1 }, headers: { 'X-Pinecone-Api-Version': '2026-04' } })).toMatchObject({ status: 401, body: { code: 16 } });
  });

  it('filters as documented: list fields match $eq/$in by element, ranges compare numbers only, missing fields match only $exists false', async () => {
    const idx = await index();
    await idx.upsert({
      records: [
        { id: 'a', values: [1, 0], metadata: { genre: ['comedy', 'drama'], year: 2019 } },
        { id: 'b', values: [0, 1], metadata: { genre: 'action', year: 2021 } },
        { id: 'c', values: [1, 1], metadata: { other: true } },
      ],
    });
    const ids = async (filter: object) => (await idx.query({ vector: [1, 1], topK: 10, filter })).matches.map((m) => m.id).sort();
    expect(await ids({ genre: 'drama' })).toEqual(['a']);
    expect(await ids({ genre: { $in: ['comedy', 'action'] } })).toEqual(['a', 'b']);
    expect(await ids({ genre: { $ne: 'comedy' } })).toEqual(['b']);
    expect(await ids({ year: { $gte: 2020 } })).toEqual(['b']);
    expect(await ids({ year: { $exists: false } })).toEqual(['c']);
    expect(await ids({ $or: [{ year: 2019 }, { other: true }] })).toEqual(['a', 'c']);
    await expect(idx.query({ vector: [1, 1], topK: 10, filter: { genre: { $gt: 'a' } } })).rejects.toThrow(/compares with a number/);
    await expect(idx.query({ vector: [1, 1], topK: 10, filter: { genre: { $regex: 'a' } } })).rejects.toThrow(/unknown operator/);
  });

  it('deletes by ids, filter and all; updates; lists ids and namespaces page by page', async () => {
    const idx = await index();
    await idx.upsert({ records: Array.from({ length: 5 }, (_, i) => ({ id: `id${i}`, values: [1, i], metadata: { n: i } })), namespace: 'one' });
    await idx.upsert({ records: [{ id: 'x', values: [1, 1] }], namespace: 'two' });
    const one = idx.namespace('one');
    await one.deleteMany({ ids: ['id0'] });
    await one.deleteMany({ filter: { n: { $gte: 3 } } });
    expect((await one.listPaginated()).vectors?.map((v) => v.id)).toEqual(['id1', 'id2']);
    const page = await one.listPaginated({ limit: 1 });
    expect(page.vectors?.map((v) => v.id)).toEqual(['id1']);
    expect((await one.listPaginated({ limit: 1, paginationToken: page.pagination!.next! })).vectors?.map((v) => v.id)).toEqual(['id2']);
    await one.update({ id: 'id1', metadata: { tag: 'new' } });
    expect((await one.fetch({ ids: ['id1'] })).records.id1?.metadata).toEqual({ n: 1, tag: 'new' });
    const byMeta = await one.fetchByMetadata({ filter: { tag: 'new' } });
    expect(Object.keys(byMeta.records)).toEqual(['id1']);
    expect((await idx.listNamespaces({ limit: 1 })).namespaces?.map((n) => n.name)).toEqual(['one']);
    await idx.deleteNamespace('two');
    expect((await idx.listNamespaces()).namespaces?.map((n) => n.name)).toEqual(['one']);
    await one.deleteAll();
    expect((await idx.describeIndexStats()).namespaces?.one?.recordCount).toBe(0);
  });

  it('reports an update by filter with dryRun as the number of matching records', async () => {
    await index();
    const host = (await pc.describeIndex('idx')).host.slice(server.url.length);
    await raw(`${host}/vectors/upsert`, { body: { vectors: [{ id: 'a', values: [1, 1], metadata: { k: 1 } }, { id: 'b', values: [1, 2], metadata: { k: 2 } }] } });
    expect((await raw(`${host}/vectors/update`, { body: { filter: { k: { $gte: 1 } }, setMetadata: { z: 'y' }, dryRun: true } })).body).toEqual({ matchedRecords: 2 });
  });

  it('scores cosine similarity, the inner product and the squared euclidean distance (lowest first)', async () => {
    const e = await index('eu', 2, 'euclidean');
    await e.upsert({ records: [{ id: 'near', values: [1, 1] }, { id: 'far', values: [4, 5] }] });
    const q = await e.query({ vector: [1, 1], topK: 2 });
    expect(q.matches.map((m) => [m.id, m.score])).toEqual([['near', 0], ['far', 25]]);
    const d = await index('dp', 2, 'dotproduct');
    await d.upsert({ records: [{ id: 'a', values: [1, 2] }] });
    expect((await d.query({ vector: [3, 4], topK: 1 })).matches[0]!.score).toBe(11);
  });

  it('answers an injected status once, with Retry-After', async () => {
    server.inject({ status: 429, retryAfter: '2', path: '/indexes' });
    expect(await raw('/indexes')).toMatchObject({ status: 429, retryAfter: '2', body: { error: { code: 'RESOURCE_EXHAUSTED' }, status: 429 } });
    expect((await raw('/indexes')).status).toBe(200);
  });
});
