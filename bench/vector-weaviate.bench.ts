// @agentmap/storage-vector-weaviate against the raw weaviate-ts-client, both talking to the same
// in-process Weaviate test server in the same run: batch upserts of 100 records, nearVector
// queries (limit 10, with and without a where filter), and counts. The raw side sends the same
// objects, GraphQL and filters our package sends, so the ratio is our overhead (validation,
// id hashing, filter compilation, request plumbing). Target: within 1.10x.
import { uuidForId } from '@agentmap/storage-vector';
import { createWeaviateVectorStore } from '@agentmap/storage-vector-weaviate';
import { startWeaviateTestServer } from '@agentmap/weaviate-test-server';
import weaviate from 'weaviate-ts-client';
import { alternate, printTable, type Row } from './lib/measure';

const DIMS = 128;
const SEEDED = 2000;
const BATCH = 100;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = rng(7);
const vector = () => Array.from({ length: DIMS }, () => next() * 2 - 1);
const metadataOf = (i: number) => ({ category: ['tech', 'art', 'science'][i % 3]!, year: 2015 + (i % 10), published: i % 2 === 0 });

const server = await startWeaviateTestServer();
const store = createWeaviateVectorStore({ scheme: 'http', host: server.host });
const client = weaviate.client({ scheme: 'http', host: server.host });
const CLASS = 'Bench';

console.log(`seeding ${SEEDED} x ${DIMS} vectors into the Weaviate test server`);
const seed = Array.from({ length: SEEDED }, (_, i) => ({ id: `doc-${i}`, vector: vector(), text: `text ${i}`, metadata: metadataOf(i) }));
for (let i = 0; i < SEEDED; i += 500) await store.upsert('bench', seed.slice(i, i + 500));
const queries = Array.from({ length: 50 }, vector);
let q = 0;

const batch = Array.from({ length: BATCH }, (_, i) => ({ id: `up-${i}`, vector: vector(), text: `upsert ${i}`, metadata: metadataOf(i) }));
// The objects our package writes, built once for the raw side.
const rawObjects = batch.map((r) => ({
  class: CLASS,
  id: uuidForId(r.id),
  vector: r.vector,
  properties: { agentmap_id: r.id, agentmap_metadata: JSON.stringify(r.metadata), agentmap_text: r.text, ...r.metadata },
}));
const fields = 'agentmap_id agentmap_text agentmap_metadata _additional { id distance }';
const where = { operator: 'And' as const, operands: [{ path: ['category'], operator: 'Equal' as const, valueText: 'tech' }, { path: ['year'], operator: 'GreaterThanEqual' as const, valueNumber: 2018 }] };

const rows: Row[] = [];
const [upOurs, upRaw] = await alternate(
  () => store.upsert('bench', batch),
  () => client.batch.objectsBatcher().withObjects(...rawObjects).do(),
  { iterations: 5, rounds: 11, warmup: 2 },
);
rows.push({ case: `upsert ${BATCH} records`, ours: upOurs, baseline: upRaw, unit: 'ms' });

const [qOurs, qRaw] = await alternate(
  () => store.query('bench', { vector: queries[q++ % queries.length]!, limit: 10 }),
  () => client.graphql.get().withClassName(CLASS).withFields(fields).withNearVector({ vector: queries[q++ % queries.length]! }).withLimit(10).do(),
  { iterations: 20, rounds: 11 },
);
rows.push({ case: 'query, limit 10', ours: qOurs, baseline: qRaw, unit: 'ms' });

const [fOurs, fRaw] = await alternate(
  () => store.query('bench', { vector: queries[q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2018 } } }),
  () => client.graphql.get().withClassName(CLASS).withFields(fields).withNearVector({ vector: queries[q++ % queries.length]! }).withWhere(where).withLimit(10).do(),
  { iterations: 20, rounds: 11 },
);
rows.push({ case: 'query with a filter', ours: fOurs, baseline: fRaw, unit: 'ms' });

const [cOurs, cRaw] = await alternate(
  () => store.count('bench', { filter: { category: 'tech' } }),
  () => client.graphql.aggregate().withClassName(CLASS).withFields('meta { count }').withWhere({ path: ['category'], operator: 'Equal', valueText: 'tech' }).do(),
  { iterations: 20, rounds: 11 },
);
rows.push({ case: 'count with a filter', ours: cOurs, baseline: cRaw, unit: 'ms' });

printTable(`Weaviate (in-process test server, ${SEEDED} x ${DIMS}): @agentmap/storage-vector-weaviate vs raw weaviate-ts-client (target <= 1.10x)`, rows);
await store.close?.();
await server.stop();
