// @agentmap/storage-vector-weaviate against the raw weaviate-ts-client, both talking to the same
// in-process Weaviate test server in the same run: batch upserts of 100 records, nearVector
// queries (limit 10, with and without a where filter), and counts. The raw side sends the same
// objects, GraphQL and filters our package sends, so the ratio is our overhead (validation,
// filter compilation, request plumbing). Target: within 1.10x.
//
// The raw side is the glue a developer would write by hand: inside each timed call it builds
// its objects from the same records (the same deterministic UUIDs, uuidForId, and the same
// properties), since an application cannot build the request for new data ahead of time. The
// row "raw, request prebuilt" also times the raw client sending objects built before the clock
// started, for the record. CPU time per call (this process: client and in-process server) is
// measured in alternating rounds too: on a loaded machine it moves far less than wall time.
import { uuidForId, type VectorRecord } from '@agentmap/storage-vector';
import { createWeaviateVectorStore } from '@agentmap/storage-vector-weaviate';
import { startWeaviateTestServer } from '@agentmap/weaviate-test-server';
import weaviate from 'weaviate-ts-client';
import { type PairedCase, printTable, wallAndCpuRows } from './lib/measure';

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
/** The objects a developer builds by hand from records: what our package writes. */
const objectsOf = (records: Array<VectorRecord & { text: string }>) =>
  records.map((r) => ({
    class: CLASS,
    id: uuidForId(r.id),
    vector: r.vector as number[],
    properties: { agentmap_id: r.id, agentmap_metadata: JSON.stringify(r.metadata), agentmap_text: r.text, ...r.metadata },
  }));
const prebuilt = objectsOf(batch);
const fields = 'agentmap_id agentmap_text agentmap_metadata _additional { id distance }';
const where = { operator: 'And' as const, operands: [{ path: ['category'], operator: 'Equal' as const, valueText: 'tech' }, { path: ['year'], operator: 'GreaterThanEqual' as const, valueNumber: 2018 }] };

const cases: PairedCase[] = [
  [`upsert ${BATCH} records`, () => store.upsert('bench', batch), () => client.batch.objectsBatcher().withObjects(...objectsOf(batch)).do(), 5],
  [`upsert ${BATCH} records vs raw, request prebuilt`, () => store.upsert('bench', batch), () => client.batch.objectsBatcher().withObjects(...prebuilt).do(), 5],
  [
    'query, limit 10',
    () => store.query('bench', { vector: queries[q++ % queries.length]!, limit: 10 }),
    () => client.graphql.get().withClassName(CLASS).withFields(fields).withNearVector({ vector: queries[q++ % queries.length]! }).withLimit(10).do(),
    20,
  ],
  [
    'query with a filter',
    () => store.query('bench', { vector: queries[q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2018 } } }),
    () => client.graphql.get().withClassName(CLASS).withFields(fields).withNearVector({ vector: queries[q++ % queries.length]! }).withWhere(where).withLimit(10).do(),
    20,
  ],
  [
    'count with a filter',
    () => store.count('bench', { filter: { category: 'tech' } }),
    () => client.graphql.aggregate().withClassName(CLASS).withFields('meta { count }').withWhere({ path: ['category'], operator: 'Equal', valueText: 'tech' }).do(),
    20,
  ],
];
const rows = await wallAndCpuRows(cases);

printTable(`Weaviate (in-process test server, ${SEEDED} x ${DIMS}): @agentmap/storage-vector-weaviate vs raw weaviate-ts-client (target <= 1.10x)`, rows);
await store.close?.();
await server.stop();
