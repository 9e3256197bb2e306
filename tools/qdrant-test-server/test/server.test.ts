import { QdrantClient } from '@qdrant/js-client-rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQdrantTestServer, type QdrantTestServer } from '../src/index';

let server: QdrantTestServer;
let client: QdrantClient;

beforeAll(async () => {
  server = await startQdrantTestServer();
  client = new QdrantClient({ url: server.url, checkCompatibility: false });
});
afterAll(() => server.close());

/** The status and documented error body (`{ status: { error } }`) of a failed raw call. */
async function failure(call: Promise<unknown>): Promise<{ status: number; error: string }> {
  try {
    await call;
  } catch (e) {
    const err = e as { status?: number; data?: { status?: { error?: string } } };
    return { status: err.status ?? 0, error: err.data?.status?.error ?? '' };
  }
  throw new Error('expected the call to fail');
}

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

// The example of the OpenAPI description's introduction: a Dot collection of cities.
const CITY_POINTS = [
  { id: 1, vector: [0.05, 0.61, 0.76, 0.74], payload: { city: 'Berlin' } },
  { id: 2, vector: [0.19, 0.81, 0.75, 0.11], payload: { city: ['Berlin', 'London'] } },
  { id: 3, vector: [0.36, 0.55, 0.47, 0.94], payload: { city: ['Berlin', 'Moscow'] } },
  { id: 4, vector: [0.18, 0.01, 0.85, 0.8], payload: { city: ['London', 'Moscow'] } },
  { id: 5, vector: [0.24, 0.18, 0.22, 0.44], payload: { count: [0] } },
  { id: 6, vector: [0.35, 0.08, 0.11, 0.44] },
];

describe('the reference example', () => {
  beforeAll(async () => {
    await client.createCollection('test_collection', { vectors: { size: 4, distance: 'Dot' } });
    const result = await client.upsert('test_collection', { wait: true, points: CITY_POINTS });
    expect(result.status).toBe('completed');
  });

  it('searches best first with Dot scores', async () => {
    const hits = await client.search('test_collection', { vector: [0.2, 0.1, 0.9, 0.7], limit: 3 });
    expect(hits.map((h) => h.id)).toEqual([4, 1, 3]);
    expect(hits.map((h) => Number(h.score.toFixed(3)))).toEqual([1.362, 1.273, 1.208]);
    const plain = await raw('/collections/test_collection/points/search', { method: 'POST', body: JSON.stringify({ vector: [0.2, 0.1, 0.9, 0.7], limit: 3 }) });
    // SearchRequest: with_payload defaults to false.
    expect((plain.body.result as Array<{ payload: unknown }>)[0]!.payload).toBeNull();
  });

  it('filters with should/match on array payloads (any element)', async () => {
    const hits = await client.search('test_collection', { vector: [0.2, 0.1, 0.9, 0.7], limit: 3, filter: { should: [{ key: 'city', match: { value: 'London' } }] } });
    expect(hits.map((h) => [h.id, Number(h.score.toFixed(3))])).toEqual([
      [4, 1.362],
      [2, 0.871],
    ]);
  });

  it('answers the Query API the same way', async () => {
    const { points } = await client.query('test_collection', { query: [0.2, 0.1, 0.9, 0.7], limit: 3, with_payload: true });
    expect(points.map((p) => p.id)).toEqual([4, 1, 3]);
    expect(points[0]!.payload).toEqual({ city: ['London', 'Moscow'] });
  });

  it('reports the collection', async () => {
    expect(await client.collectionExists('test_collection')).toEqual({ exists: true });
    const info = await client.getCollection('test_collection');
    expect(info.points_count).toBe(6);
    expect(info.config.params.vectors).toEqual({ size: 4, distance: 'Dot' });
    expect((await client.getCollections()).collections.map((c) => c.name)).toContain('test_collection');
    expect(info.config.metadata).toBeUndefined();
  });

  it('keeps the metadata a collection was created with (CreateCollection.metadata)', async () => {
    // The client's createCollection leaves metadata out; its generated API sends the whole body.
    await client.api().createCollection({ collection_name: 'with_metadata', vectors: { size: 2, distance: 'Dot' }, metadata: { owner: 'team-a', version: 2 } });
    expect((await client.getCollection('with_metadata')).config.metadata).toEqual({ owner: 'team-a', version: 2 });
    await expect(client.api().createCollection({ collection_name: 'bad_metadata', vectors: { size: 2, distance: 'Dot' }, metadata: [1] as never })).rejects.toMatchObject({ status: 400 });
    await client.deleteCollection('with_metadata');
  });
});

describe('filters', () => {
  const C = 'filters';
  beforeAll(async () => {
    await client.createCollection(C, { vectors: { size: 2, distance: 'Euclid' } });
    await client.upsert(C, {
      wait: true,
      points: [
        { id: 1, vector: [0, 0], payload: { n: 1, s: 'alpha beta', b: true, l: [1, 2] } },
        { id: 2, vector: [1, 0], payload: { n: 2.5, s: 'gamma', b: false, l: [] } },
        { id: 3, vector: [0, 2], payload: { n: null, s: 'beta' } },
        { id: 4, vector: [3, 0], payload: {} },
      ],
    });
  });
  const ids = async (filter: Record<string, unknown>) => (await client.scroll(C, { filter, limit: 100 })).points.map((p) => p.id);

  it('must, must_not and should combine as documented', async () => {
    expect(await ids({ must: [{ key: 'b', match: { value: true } }] })).toEqual([1]);
    expect(await ids({ must_not: [{ key: 'b', match: { value: true } }] })).toEqual([2, 3, 4]);
    expect(await ids({ should: [{ key: 'n', match: { value: 1 } }, { key: 's', match: { value: 'gamma' } }] })).toEqual([1, 2]);
    expect(await ids({ min_should: { conditions: [{ key: 'b', is_null: false }, { key: 's', match: { text: 'beta' } }], min_count: 2 } })).toEqual([1, 3]);
    expect(await ids({ must: [{ should: [{ has_id: [3, 4] }] }, { must_not: [{ has_id: [4] }] }] })).toEqual([3]);
  });

  it('range compares numbers only; match.value compares strictly', async () => {
    expect(await ids({ must: [{ key: 'n', range: { gte: 1, lt: 3 } }] })).toEqual([1, 2]);
    expect(await ids({ must: [{ key: 'l', range: { gt: 1.5 } }] })).toEqual([1]);
    expect(await ids({ must: [{ key: 's', match: { any: ['gamma', 'beta'] } }] })).toEqual([2, 3]);
    expect(await ids({ must: [{ key: 'n', match: { value: 2 } }] })).toEqual([]);
  });

  it('is_empty matches missing, null and [] fields; is_null only null', async () => {
    expect(await ids({ must: [{ is_empty: { key: 'l' } }] })).toEqual([2, 3, 4]);
    expect(await ids({ must: [{ is_empty: { key: 'n' } }] })).toEqual([3, 4]);
    expect(await ids({ must: [{ is_null: { key: 'n' } }] })).toEqual([3]);
  });

  it('match.text is a substring test without a full-text index', async () => {
    expect(await ids({ must: [{ key: 's', match: { text: 'bet' } }] })).toEqual([1, 3]);
  });

  it('counts and deletes by filter', async () => {
    expect(await client.count(C, { filter: { must: [{ key: 'n', range: { gte: 1 } }] }, exact: true })).toEqual({ count: 2 });
    const near = await client.search(C, { vector: [0, 0], limit: 10, score_threshold: 1.5 });
    expect(near.map((h) => [h.id, h.score])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('refuses unknown filter fields with 400 and the error body', async () => {
    const res = await raw(`/collections/${C}/points/count`, { method: 'POST', body: JSON.stringify({ filter: { mustt: [] } }) });
    expect(res.status).toBe(400);
    expect((res.body.status as { error: string }).error).toMatch(/Format error in JSON body: .*unknown field `mustt`/);
  });
});

describe('points', () => {
  const C = 'points';
  beforeAll(async () => {
    await client.createCollection(C, { vectors: { dense: { size: 3, distance: 'Cosine' } } });
  });

  it('normalises Cosine vectors, retrieves in the order asked and leaves missing ids out', async () => {
    const uuid = '6F1D3C1E-8A2B-4F7E-9C0D-5A4B3E2F1A0C';
    await client.upsert(C, { wait: true, points: [{ id: uuid, vector: { dense: [3, 0, 4] }, payload: { a: 1 } }, { id: 7, vector: { dense: [0, 2, 0] } }] });
    const got = await client.retrieve(C, { ids: [7, 99, uuid], with_vector: true });
    expect(got.map((p) => p.id)).toEqual([7, uuid.toLowerCase()]);
    expect(got[1]!.vector).toEqual({ dense: [expect.closeTo(0.6, 6), 0, expect.closeTo(0.8, 6)] });
    const { points } = await client.query(C, { query: [3, 0, 4], using: 'dense', limit: 1 });
    expect(points[0]!.score).toBeCloseTo(1, 6);
  });

  it('pages through scroll in id order', async () => {
    await client.upsert(C, { wait: true, points: Array.from({ length: 25 }, (_, i) => ({ id: 100 + i, vector: { dense: [1, i, 0] } })) });
    const first = await client.scroll(C, { limit: 10, filter: { must: [{ has_id: Array.from({ length: 25 }, (_, i) => 100 + i) }] } });
    expect(first.points.map((p) => p.id)).toEqual(Array.from({ length: 10 }, (_, i) => 100 + i));
    expect(first.next_page_offset).toBe(110);
  });

  it('deletes by ids', async () => {
    await client.delete(C, { wait: true, points: [100, 101] });
    expect(await client.retrieve(C, { ids: [100, 101, 102] })).toHaveLength(1);
  });

  it('answers wrong input with the documented statuses and error bodies', async () => {
    expect(await failure(client.upsert(C, { wait: true, points: [{ id: 1, vector: { dense: [1, 2] } }] }))).toEqual({ status: 400, error: 'Wrong input: Vector dimension error: expected dim: 3, got 2' });
    expect((await failure(client.upsert(C, { wait: true, points: [{ id: 'not-a-uuid', vector: { dense: [1, 2, 3] } }] }))).status).toBe(400);
    expect((await failure(client.upsert(C, { wait: true, points: [{ id: 1, vector: { other: [1, 2, 3] } }] }))).error).toMatch(/Not existing vector name/);
    expect(await failure(client.getCollection('missing'))).toEqual({ status: 404, error: 'Not found: Collection `missing` doesn\'t exist!' });
    expect((await failure(client.createCollection(C, { vectors: { size: 3, distance: 'Cosine' } }))).status).toBe(409);
    expect((await failure(client.query(C, { query: [1, 2, 3], using: 'dense', limit: 0 }))).status).toBe(422);
    expect((await raw('/collections/a%3Ab')).status).toBe(422);
  });

  it('deletes a collection: true when it existed, false after', async () => {
    await client.createCollection('doomed', { vectors: { size: 2, distance: 'Dot' } });
    expect(await client.deleteCollection('doomed')).toBe(true);
    expect(await client.deleteCollection('doomed')).toBe(false);
    expect(await client.collectionExists('doomed')).toEqual({ exists: false });
  });
});

describe('api keys and injected failures', () => {
  let secured: QdrantTestServer;
  beforeAll(async () => {
    secured = await startQdrantTestServer({ apiKey: 'secret-key-1', readOnlyApiKey: 'reader-key-1' });
  });
  afterAll(() => secured.close());

  it('needs the api-key header (or a bearer token): 401 without it', async () => {
    expect((await fetch(`${secured.url}/collections`)).status).toBe(401);
    expect((await fetch(`${secured.url}/collections`, { headers: { 'api-key': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${secured.url}/collections`, { headers: { 'api-key': 'secret-key-1' } })).status).toBe(200);
    expect((await fetch(`${secured.url}/collections`, { headers: { authorization: 'Bearer secret-key-1' } })).status).toBe(200);
  });

  it('refuses writes with a read-only key: 403', async () => {
    const res = await fetch(`${secured.url}/collections/x`, { method: 'PUT', headers: { 'api-key': 'reader-key-1', 'content-type': 'application/json' }, body: '{"vectors":{"size":2,"distance":"Dot"}}' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { status: { error: string } }).status.error).toMatch(/Forbidden/);
  });

  it('answers an injected status once, with Retry-After', async () => {
    secured.failNext({ status: 429, retryAfter: '2' });
    const first = await fetch(`${secured.url}/collections`, { headers: { 'api-key': 'secret-key-1' } });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await first.json()).toMatchObject({ status: { error: 'Too many requests' } });
    expect((await fetch(`${secured.url}/collections`, { headers: { 'api-key': 'secret-key-1' } })).status).toBe(200);
  });
});
