import weaviate, { ApiKey, type WeaviateClient } from 'weaviate-ts-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeaviateTestServer, type WeaviateTestServer } from '../src/index';

// Cases taken from Weaviate's REST description (status codes, ErrorResponse bodies) and its
// GraphQL documentation (Get with nearVector / where / limit / _additional, Aggregate meta count,
// where operators), driven through the official client where it can express the call.

// Response bodies of many shapes, read field by field in the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let server: WeaviateTestServer;
let client: WeaviateClient;
const ID = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function raw(path: string, init: RequestInit = {}, key?: string): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

beforeAll(async () => {
  server = await startWeaviateTestServer();
  client = weaviate.client({ scheme: 'http', host: server.host });
  await client.schema
    .classCreator()
    .withClass({
      class: 'Article',
      vectorizer: 'none',
      vectorIndexConfig: { distance: 'cosine' },
      invertedIndexConfig: { indexNullState: true },
      properties: [
        { name: 'title', dataType: ['text'], tokenization: 'field' },
        { name: 'body', dataType: ['text'] },
        { name: 'year', dataType: ['number'] },
        { name: 'draft', dataType: ['boolean'] },
        { name: 'tags', dataType: ['text[]'], tokenization: 'field' },
      ],
    })
    .do();
  const objects = [
    { title: 'Alpha one', body: 'The quick brown fox', year: 2019, draft: false, tags: ['a', 'b'] },
    { title: 'Beta', body: 'Lazy dogs sleep', year: 2021, draft: true, tags: ['b'] },
    { title: 'Gamma', body: 'Quick thinking', year: 2023, tags: [] },
    { title: 'Delta', year: 2020, draft: false },
  ];
  const vectors = [
    [1, 0, 0],
    [0.9, 0.1, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const result = await client.batch
    .objectsBatcher()
    .withObjects(...objects.map((properties, i) => ({ class: 'Article', id: ID(i + 1), properties, vector: vectors[i]! })))
    .do();
  expect(result.every((r) => r.result?.errors === undefined)).toBe(true);
});
afterAll(() => server?.stop());

describe('schema', () => {
  it('creates, lists, gets and deletes classes; a duplicate is 422 with an ErrorResponse body', async () => {
    const made = await client.schema.classCreator().withClass({ class: 'temp', vectorizer: 'none' }).do();
    expect(made.class).toBe('Temp');
    expect(made.vectorIndexConfig).toMatchObject({ distance: 'cosine' });
    expect((await client.schema.getter().do()).classes?.map((c) => c.class)).toContain('Temp');
    expect((await client.schema.classGetter().withClassName('Temp').do()).class).toBe('Temp');
    await expect(client.schema.classCreator().withClass({ class: 'Temp' }).do()).rejects.toThrow(/usage error \(422\).*already exists/);
    const dup = await raw('/v1/schema', { method: 'POST', body: JSON.stringify({ class: 'Temp' }) });
    expect(dup.body).toEqual({ error: [{ message: expect.stringContaining('already exists') }] });
    await client.schema.classDeleter().withClassName('Temp').do();
    expect((await raw('/v1/schema/Temp')).status).toBe(404);
    expect((await raw('/v1/schema/Temp', { method: 'DELETE' })).status).toBe(200);
  });

  it('refuses invalid class and property names, and reserved property names', async () => {
    expect((await raw('/v1/schema', { method: 'POST', body: JSON.stringify({ class: 'a-b' }) })).status).toBe(422);
    expect((await raw('/v1/schema', { method: 'POST', body: JSON.stringify({ class: '9lives' }) })).status).toBe(422);
    expect((await raw('/v1/schema', { method: 'POST', body: JSON.stringify({ class: 'Ok', properties: [{ name: 'id', dataType: ['text'] }] }) })).status).toBe(422);
    expect((await raw('/v1/schema', { method: 'POST', body: JSON.stringify({ class: 'Ok', properties: [{ name: 'we ird', dataType: ['text'] }] }) })).status).toBe(422);
    expect((await raw('/v1/schema', { method: 'POST', body: JSON.stringify({ class: 'Ok', properties: [{ name: 'n', dataType: ['number'], indexSearchable: true }] }) })).status).toBe(422);
    expect((await raw('/v1/schema', { method: 'POST', body: JSON.stringify({ class: 'Ok', properties: [{ name: 'n', dataType: ['number'], tokenization: 'field' }] }) })).status).toBe(422);
  });

  it('adds a property; the same name again is 422', async () => {
    await client.schema.classCreator().withClass({ class: 'Props', vectorizer: 'none' }).do();
    await client.schema.propertyCreator().withClassName('Props').withProperty({ name: 'extra', dataType: ['number'] }).do();
    await expect(client.schema.propertyCreator().withClassName('Props').withProperty({ name: 'extra', dataType: ['text'] }).do()).rejects.toThrow(/422/);
  });
});

describe('objects', () => {
  it('gets by class and id (vector on request), replaces, and deletes; missing is 404', async () => {
    const got = await client.data.getterById().withClassName('Article').withId(ID(1)).withVector().do();
    expect(got.properties).toMatchObject({ title: 'Alpha one', year: 2019 });
    expect(got.vector).toEqual([1, 0, 0]);
    expect((await raw(`/v1/objects/Article/${ID(99)}`)).status).toBe(404);
    await client.data.creator().withClassName('Article').withId(ID(50)).withProperties({ title: 'Temp' }).withVector([1, 1, 0]).do();
    await client.data.updater().withClassName('Article').withId(ID(50)).withProperties({ title: 'Temp2' }).do();
    expect((await client.data.getterById().withClassName('Article').withId(ID(50)).do()).properties).toEqual({ title: 'Temp2' });
    await client.data.deleter().withClassName('Article').withId(ID(50)).do();
    expect((await raw(`/v1/objects/Article/${ID(50)}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('batch', () => {
  it('reports per-object errors (unknown property, wrong type, vector length) and stores the rest', async () => {
    await client.schema.classCreator().withClass({ class: 'Batchy', vectorizer: 'none', properties: [{ name: 'n', dataType: ['number'] }] }).do();
    const result = await client.batch
      .objectsBatcher()
      .withObjects(
        { class: 'Batchy', id: ID(1), properties: { n: 1 }, vector: [1, 0] },
        { class: 'Batchy', id: ID(2), properties: { nope: 1 }, vector: [1, 0] },
        { class: 'Batchy', id: ID(3), properties: { n: 'one' }, vector: [1, 0] },
        { class: 'Batchy', id: ID(4), properties: { n: 4 }, vector: [1, 0, 0] },
      )
      .do();
    expect(result.map((r) => r.result?.errors?.error?.[0]?.message ?? 'ok')).toEqual(['ok', expect.stringMatching(/no such prop with name 'nope'/), expect.stringMatching(/invalid number property 'n'/), expect.stringMatching(/vector with length 3/)]);
    expect(server.state.getClass('Batchy')!.objects.size).toBe(1);
  });

  it('deletes by a where filter, counting matches and successes; dry runs delete nothing', async () => {
    await client.schema.classCreator().withClass({ class: 'Doomed', vectorizer: 'none', properties: [{ name: 'n', dataType: ['number'] }] }).do();
    await client.batch.objectsBatcher().withObjects(...[1, 2, 3, 4].map((n) => ({ class: 'Doomed', id: ID(n), properties: { n }, vector: [n, 1] }))).do();
    const dry = await client.batch.objectsBatchDeleter().withClassName('Doomed').withWhere({ path: ['n'], operator: 'LessThan', valueNumber: 3 }).withDryRun(true).do();
    expect(dry.results).toMatchObject({ matches: 2, successful: 0 });
    const done = await client.batch.objectsBatchDeleter().withClassName('Doomed').withWhere({ path: ['n'], operator: 'LessThan', valueNumber: 3 }).withOutput('verbose').do();
    expect(done.results).toMatchObject({ matches: 2, successful: 2, failed: 0, limit: 10_000 });
    expect(done.results?.objects?.map((o) => o.id).sort()).toEqual([ID(1), ID(2)]);
    const byId = await client.batch.objectsBatchDeleter().withClassName('Doomed').withWhere({ path: ['id'], operator: 'ContainsAny', valueTextArray: [ID(3), ID(9)] }).do();
    expect(byId.results?.successful).toBe(1);
    expect((await raw('/v1/batch/objects', { method: 'DELETE', body: JSON.stringify({ match: { class: 'Nope', where: { path: ['n'], operator: 'Equal', valueNumber: 1 } } }) })).status).toBe(422);
  });
});

describe('GraphQL Get and Aggregate', () => {
  const ids = (rows: Array<{ _additional: { id: string } }>) => rows.map((r) => r._additional.id);

  it('nearVector orders by distance and reports distance and certainty (cosine)', async () => {
    const res = await client.graphql.get().withClassName('Article').withFields('title _additional { id distance certainty }').withNearVector({ vector: [1, 0, 0] }).withLimit(3).do();
    const rows = res.data.Get.Article;
    expect(ids(rows)).toEqual([ID(1), ID(2), ID(3)]);
    expect(rows[0]._additional.distance).toBeCloseTo(0, 6);
    expect(rows[0]._additional.certainty).toBeCloseTo(1, 6);
    expect(rows[2]._additional.distance).toBeCloseTo(1, 6);
    expect(rows[2]._additional.certainty).toBeCloseTo(0.5, 6);
  });

  it('nearVector honours distance and certainty cut-offs', async () => {
    const byDistance = await client.graphql.get().withClassName('Article').withFields('_additional { id }').withNearVector({ vector: [1, 0, 0], distance: 0.5 }).do();
    expect(ids(byDistance.data.Get.Article)).toEqual([ID(1), ID(2)]);
    const byCertainty = await client.graphql.get().withClassName('Article').withFields('_additional { id }').withNearVector({ vector: [1, 0, 0], certainty: 0.9 }).do();
    expect(ids(byCertainty.data.Get.Article)).toEqual([ID(1), ID(2)]);
  });

  it('applies where before limit, with And / Or / Not and typed values', async () => {
    const q = (where: object) => client.graphql.get().withClassName('Article').withFields('_additional { id }').withNearVector({ vector: [1, 0, 0] }).withWhere(where as never).withLimit(10).do().then((r) => ids(r.data.Get.Article).sort());
    expect(await q({ path: ['title'], operator: 'Equal', valueText: 'Alpha one' })).toEqual([ID(1)]);
    expect(await q({ path: ['title'], operator: 'Equal', valueText: 'Alpha' })).toEqual([]);
    expect(await q({ path: ['body'], operator: 'Equal', valueText: 'quick' })).toEqual([ID(1), ID(3)]);
    expect(await q({ path: ['year'], operator: 'GreaterThanEqual', valueNumber: 2021 })).toEqual([ID(2), ID(3)]);
    expect(await q({ path: ['draft'], operator: 'NotEqual', valueBoolean: true })).toEqual([ID(1), ID(3), ID(4)]);
    expect(await q({ path: ['draft'], operator: 'IsNull', valueBoolean: true })).toEqual([ID(3)]);
    expect(await q({ path: ['tags'], operator: 'IsNull', valueBoolean: true })).toEqual([ID(3), ID(4)]);
    expect(await q({ path: ['tags'], operator: 'Equal', valueText: 'b' })).toEqual([ID(1), ID(2)]);
    expect(await q({ path: ['tags'], operator: 'ContainsAll', valueTextArray: ['a', 'b'] })).toEqual([ID(1)]);
    expect(await q({ path: ['tags'], operator: 'ContainsNone', valueTextArray: ['a'] })).toEqual([ID(2), ID(3), ID(4)]);
    expect(await q({ path: ['title'], operator: 'Like', valueText: '*lph*' })).toEqual([ID(1)]);
    expect(await q({ operator: 'Or', operands: [{ path: ['year'], operator: 'LessThan', valueNumber: 2020 }, { path: ['title'], operator: 'Equal', valueText: 'Gamma' }] })).toEqual([ID(1), ID(3)]);
    expect(await q({ operator: 'And', operands: [{ path: ['year'], operator: 'GreaterThan', valueNumber: 2019 }, { path: ['draft'], operator: 'Equal', valueBoolean: false }] })).toEqual([ID(4)]);
    expect(await q({ operator: 'Not', operands: [{ path: ['draft'], operator: 'Equal', valueBoolean: false }] })).toEqual([ID(2), ID(3)]);
    expect(await q({ path: ['id'], operator: 'Equal', valueText: ID(2) })).toEqual([ID(2)]);
  });

  it('answers schema errors as GraphQL errors: an unknown class, a wrong value type, an unknown property', async () => {
    await expect(client.graphql.get().withClassName('Nope').withFields('_additional { id }').do()).rejects.toThrow(/Cannot query field "Nope" on type "GetObjectsObj"/);
    const typed = await raw('/v1/graphql', { method: 'POST', body: JSON.stringify({ query: '{ Get { Article(where: { path: ["year"], operator: Equal, valueText: "x" }) { _additional { id } } } }' }) });
    expect(typed.status).toBe(200);
    expect(typed.body.errors[0].message).toMatch(/valueText.*number/);
    expect(typed.body.errors[0].path).toEqual(['Get', 'Article']);
    const unknown = await raw('/v1/graphql', { method: 'POST', body: JSON.stringify({ query: '{ Get { Article(where: { path: ["nope"], operator: Equal, valueText: "x" }) { _additional { id } } } }' }) });
    expect(unknown.body.errors[0].message).toMatch(/no such prop with name 'nope'/);
    const syntax = await raw('/v1/graphql', { method: 'POST', body: JSON.stringify({ query: '{ Get { Article( } }' }) });
    expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
  });

  it('returns stored vectors and property values, null for a missing property', async () => {
    const res = await client.graphql.get().withClassName('Article').withFields('title draft _additional { id vector }').withWhere({ path: ['id'], operator: 'Equal', valueText: ID(3) }).do();
    expect(res.data.Get.Article).toEqual([{ title: 'Gamma', draft: null, _additional: { id: ID(3), vector: [0, 1, 0] } }]);
  });

  it('counts with Aggregate meta count, with and without where', async () => {
    const all = await client.graphql.aggregate().withClassName('Article').withFields('meta { count }').do();
    expect(all.data.Aggregate.Article).toEqual([{ meta: { count: 4 } }]);
    const some = await client.graphql.aggregate().withClassName('Article').withFields('meta { count }').withWhere({ path: ['year'], operator: 'LessThanEqual', valueNumber: 2020 }).do();
    expect(some.data.Aggregate.Article[0].meta.count).toBe(2);
  });

  it('refuses a limit above QUERY_MAXIMUM_RESULTS', async () => {
    await expect(client.graphql.get().withClassName('Article').withFields('_additional { id }').withLimit(10_001).do()).rejects.toThrow(/query maximum results exceeded/);
  });
});

describe('authentication and injected failures', () => {
  let secured: WeaviateTestServer;
  beforeAll(async () => {
    secured = await startWeaviateTestServer({ apiKeys: ['right-key'], readOnlyKeys: ['reader-key'] });
  });
  afterAll(() => secured?.stop());

  it('answers 401 without a key or with a wrong one, 403 for a read-only key that writes', async () => {
    await expect(weaviate.client({ scheme: 'http', host: secured.host }).schema.getter().do()).rejects.toThrow(/usage error \(401\)/);
    await expect(weaviate.client({ scheme: 'http', host: secured.host, apiKey: new ApiKey('wrong-key') }).schema.getter().do()).rejects.toThrow(/401.*invalid api key/);
    expect((await weaviate.client({ scheme: 'http', host: secured.host, apiKey: new ApiKey('right-key') }).schema.getter().do()).classes).toEqual([]);
    const reader = weaviate.client({ scheme: 'http', host: secured.host, apiKey: new ApiKey('reader-key') });
    await expect(reader.schema.classCreator().withClass({ class: 'X' }).do()).rejects.toThrow(/usage error \(403\)/);
    expect((await fetch(`${secured.url}/v1/.well-known/ready`)).status).toBe(200);
  });

  it('fails the next matching request with the injected status and Retry-After, once', async () => {
    server.injectFault({ status: 429, retryAfter: '2', match: /^GET \/v1\/schema$/ });
    const first = await raw('/v1/schema');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.body).toEqual({ error: [{ message: expect.any(String) }] });
    expect((await raw('/v1/schema')).status).toBe(200);
  });
});
