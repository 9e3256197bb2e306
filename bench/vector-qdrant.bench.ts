// Qdrant through @agentmap/storage-vector-qdrant against the raw @qdrant/js-client-rest client
// on the same Qdrant test server (tools/qdrant-test-server, exact search in-process), in one
// run: upserts of 100 records × 384 dimensions with text and metadata (wait=true), and top-10
// queries with payloads, unfiltered and filtered, over 2,000 records. Ratio = ours / raw.
//
// The raw side is the glue a developer would write by hand: inside each timed call it builds
// its request from the same records (the same deterministic point ids, uuidForId, and a plain
// payload of id, text and metadata keys, the same named vector), since an application cannot
// build the request for new data ahead of time. The row "raw, request prebuilt" also times the
// raw client sending points built before the clock started, for the record.
// Besides wall time, CPU time per call (this process: client and in-process server) is
// measured in alternating rounds too: on a loaded machine it moves far less than wall time.
import { startQdrantTestServer } from '@agentmap/qdrant-test-server';
import { uuidForId, type VectorRecord } from '@agentmap/storage-vector';
import { createQdrantVectorStore } from '@agentmap/storage-vector-qdrant';
import { QdrantClient } from '@qdrant/js-client-rest';
import { type PairedCase, printTable, wallAndCpuRows } from './lib/measure';

const DIMS = 384;
const N = 2000;
const BATCH = 100;
const CATEGORIES = ['tech', 'science', 'art', 'sport'];

let seed = 11;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648 - 0.5;
};
const vectors = Array.from({ length: N }, () => Array.from({ length: DIMS }, next));
const records = vectors.map((vector, i) => ({ id: `doc-${i}`, vector, text: `document ${i}`, metadata: { category: CATEGORIES[i % 4]!, year: 2015 + (i % 10) } }));
/** The request a developer builds by hand from records. */
const pointsOf = (batch: Array<VectorRecord & { text: string }>) =>
  batch.map((r) => ({ id: uuidForId(r.id), vector: { dense: r.vector as number[] }, payload: { id: r.id, text: r.text, ...r.metadata } }));
const prebuilt = pointsOf(records);
const queries = Array.from({ length: 50 }, () => Array.from({ length: DIMS }, next));
const FILTER = { must: [{ key: 'category', match: { value: 'tech' } }, { key: 'year', range: { gte: 2020 } }] };

const server = await startQdrantTestServer();
try {
  const store = createQdrantVectorStore({ url: server.url, maxBatch: 500 });
  const raw = new QdrantClient({ url: server.url, checkCompatibility: false });
  await raw.createCollection('raw', { vectors: { dense: { size: DIMS, distance: 'Cosine' } } });
  // Upserts go to collections of their own: the two raw upsert rows rewrite theirs twice as often as ours is, which would leave the queried collections in different states.
  await raw.createCollection('raw-writes', { vectors: { dense: { size: DIMS, distance: 'Cosine' } } });

  console.log(`loading ${N} records into each collection`);
  for (let i = 0; i < N; i += 500) {
    await store.upsert('ours', records.slice(i, i + 500));
    await raw.upsert('raw', { wait: true, points: prebuilt.slice(i, i + 500) });
  }

  const turn = { ours: 0, raw: 0, q: 0, r: 0 };
  const slice = <T>(all: T[], n: number) => all.slice((n % (N / BATCH)) * BATCH, (n % (N / BATCH)) * BATCH + BATCH);
  const upsertOurs = () => store.upsert('ours-writes', slice(records, turn.ours++));
  const upsertRaw = () => raw.upsert('raw-writes', { wait: true, points: pointsOf(slice(records, turn.raw++)) });
  const upsertPrebuilt = () => raw.upsert('raw-writes', { wait: true, points: slice(prebuilt, turn.raw++) });
  const queryOurs = () => store.query('ours', { vector: queries[turn.q++ % queries.length]!, limit: 10 });
  const queryRaw = () => raw.query('raw', { query: queries[turn.r++ % queries.length]!, using: 'dense', limit: 10, with_payload: true });
  const filteredOurs = () => store.query('ours', { vector: queries[turn.q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2020 } } });
  const filteredRaw = () => raw.query('raw', { query: queries[turn.r++ % queries.length]!, using: 'dense', limit: 10, with_payload: true, filter: FILTER });

  const cases: PairedCase[] = [
    [`upsert ${BATCH} × ${DIMS}d`, upsertOurs, upsertRaw, 5],
    [`upsert ${BATCH} × ${DIMS}d vs raw, request prebuilt`, upsertOurs, upsertPrebuilt, 5],
    [`query top-10 of ${N}`, queryOurs, queryRaw, 20],
    ['query top-10, filtered', filteredOurs, filteredRaw, 20],
  ];
  const rows = await wallAndCpuRows(cases);
  // The id mapping on its own, for the record: one v5 UUID per id.
  const started = process.hrtime.bigint();
  for (const rec of records) uuidForId(`new-${rec.id}`);
  const uuidMicros = Number(process.hrtime.bigint() - started) / 1e3 / N;

  printTable('Qdrant: @agentmap/storage-vector-qdrant vs the raw @qdrant/js-client-rest client (same test server)', rows);
  console.log(`uuidForId: ${uuidMicros.toFixed(2)} µs per new id`);
} finally {
  await server.close();
}
