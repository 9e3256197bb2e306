// Pinecone through @agentmap/storage-vector-pinecone against the raw @pinecone-database/pinecone
// client on the same Pinecone test server (tools/pinecone-test-server, exact search in-process),
// in one run: upserts of 100 records × 384 dimensions with text and metadata, and top-10
// queries with metadata, unfiltered and filtered, over 2,000 records. The raw side sends the
// same records with plain metadata keys to another namespace. Ratio = ours / raw.
import { startPineconeTestServer } from '@agentmap/pinecone-test-server';
import { createPineconeVectorStore } from '@agentmap/storage-vector-pinecone';
import { Pinecone } from '@pinecone-database/pinecone';
import { alternate, printTable, type Row } from './lib/measure';

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
const rawRecords = records.map((r) => ({ id: r.id, values: r.vector, metadata: { ...r.metadata, text: r.text } }));
const queries = Array.from({ length: 50 }, () => Array.from({ length: DIMS }, next));

const server = await startPineconeTestServer();
try {
  const store = createPineconeVectorStore({ apiKey: server.apiKey, indexName: 'bench', controllerHostUrl: server.url });
  await store.upsert('ours', records.slice(0, 1));
  const pc = new Pinecone({ apiKey: server.apiKey, controllerHostUrl: server.url });
  const raw = pc.index({ host: (await pc.describeIndex('bench')).host }).namespace('raw');

  console.log(`loading ${N} records into each namespace`);
  // 200 records × 384 full-precision numbers stay under Pinecone's 2 MB per request; ours splits by itself.
  for (let i = 0; i < N; i += 200) {
    await store.upsert('ours', records.slice(i, i + 200));
    await raw.upsert({ records: rawRecords.slice(i, i + 200) });
  }

  let ourBatch = 0;
  let rawBatch = 0;
  const slice = <T>(all: T[], n: number) => all.slice((n % (N / BATCH)) * BATCH, (n % (N / BATCH)) * BATCH + BATCH);
  const [upsertOurs, upsertRaw] = await alternate(
    () => store.upsert('ours', slice(records, ourBatch++)),
    () => raw.upsert({ records: slice(rawRecords, rawBatch++) }),
    { iterations: 5, rounds: 11, warmup: 2 },
  );

  let q = 0;
  let r = 0;
  const [queryOurs, queryRaw] = await alternate(
    () => store.query('ours', { vector: queries[q++ % queries.length]!, limit: 10 }),
    () => raw.query({ vector: queries[r++ % queries.length]!, topK: 10, includeMetadata: true }),
    { iterations: 20, rounds: 11 },
  );
  const [filteredOurs, filteredRaw] = await alternate(
    () => store.query('ours', { vector: queries[q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2020 } } }),
    () => raw.query({ vector: queries[r++ % queries.length]!, topK: 10, includeMetadata: true, filter: { $and: [{ category: { $eq: 'tech' } }, { year: { $gte: 2020 } }] } }),
    { iterations: 20, rounds: 11 },
  );

  const rows: Row[] = [
    { case: `upsert ${BATCH} × ${DIMS}d`, ours: upsertOurs, baseline: upsertRaw, unit: 'ms' },
    { case: `query top-10 of ${N}`, ours: queryOurs, baseline: queryRaw, unit: 'ms' },
    { case: 'query top-10, filtered', ours: filteredOurs, baseline: filteredRaw, unit: 'ms' },
  ];
  printTable('Pinecone: @agentmap/storage-vector-pinecone vs the raw @pinecone-database/pinecone client (same test server)', rows);
} finally {
  await server.close();
}
