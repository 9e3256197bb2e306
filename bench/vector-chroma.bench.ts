// Chroma through @agentmap/storage-vector-chroma against the raw chromadb client on the same
// local Chroma server, in one run: upserts of 100 records × 384 dimensions (with text and
// metadata) and top-10 queries, unfiltered and filtered, over 5,000 records. Our upsert reads
// the batch's stored metadata first so a record is replaced whole (Chroma's upsert merges
// metadata); the raw side is a plain upsert. The last row runs the raw client's query on the
// collection our store wrote, to separate what its companion keys cost the server from what
// our client code costs. Ratio = ours / raw.
import { createChromaVectorStore } from '@agentmap/storage-vector-chroma';
import { startChroma } from '@agentmap/test-servers';
import { ChromaClient } from 'chromadb';
import { alternate, printTable, type Row } from './lib/measure';

const DIMS = 384;
const N = 5000;
const BATCH = 100;
const CATEGORIES = ['tech', 'science', 'art', 'sport'];

let seed = 7;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648 - 0.5;
};
const vectors = Array.from({ length: N }, () => Array.from({ length: DIMS }, next));
const records = vectors.map((vector, i) => ({ id: `doc-${i}`, vector, text: `document ${i}`, metadata: { category: CATEGORIES[i % 4]!, year: 2015 + (i % 10) } }));
const queries = Array.from({ length: 50 }, () => Array.from({ length: DIMS }, next));

const chroma = await startChroma();
try {
  const store = createChromaVectorStore({ url: chroma.url });
  const u = new URL(chroma.url);
  const client = new ChromaClient({ host: u.hostname, port: Number(u.port) });
  const raw = await client.getOrCreateCollection({ name: 'bench-raw', embeddingFunction: null, metadata: { 'hnsw:space': 'cosine' } });
  const rawUpsert = (batch: typeof records) =>
    raw.upsert({ ids: batch.map((r) => r.id), embeddings: batch.map((r) => r.vector), documents: batch.map((r) => r.text), metadatas: batch.map((r) => r.metadata) });

  console.log(`loading ${N} records into each collection`);
  for (let i = 0; i < N; i += 500) {
    await store.upsert('bench-ours', records.slice(i, i + 500));
    await rawUpsert(records.slice(i, i + 500));
  }

  let ourBatch = 0;
  let rawBatch = 0;
  const batchOf = (n: number) => records.slice((n % (N / BATCH)) * BATCH, (n % (N / BATCH)) * BATCH + BATCH);
  const [upsertOurs, upsertRaw] = await alternate(
    () => store.upsert('bench-ours', batchOf(ourBatch++)),
    () => rawUpsert(batchOf(rawBatch++)),
    { iterations: 2, rounds: 7, warmup: 1 },
  );

  let q = 0;
  let r = 0;
  const [queryOurs, queryRaw] = await alternate(
    () => store.query('bench-ours', { vector: queries[q++ % queries.length]!, limit: 10 }),
    () => raw.query({ queryEmbeddings: [queries[r++ % queries.length]!], nResults: 10 }),
    { iterations: 20, rounds: 21 },
  );
  const [filteredOurs, filteredRaw] = await alternate(
    () => store.query('bench-ours', { vector: queries[q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2020 } } }),
    () => raw.query({ queryEmbeddings: [queries[r++ % queries.length]!], nResults: 10, where: { $and: [{ category: 'tech' }, { year: { $gte: 2020 } }] } }),
    { iterations: 20, rounds: 21 },
  );

  // The same raw query on our collection: what the stored companion keys cost the server.
  const ourCollection = client.collection((await client.getCollection({ name: 'bench-ours', embeddingFunction: { generate: () => Promise.resolve([]) } })).id);
  const [storedOurs, storedRaw] = await alternate(
    () => ourCollection.query({ queryEmbeddings: [queries[q++ % queries.length]!], nResults: 10 }),
    () => raw.query({ queryEmbeddings: [queries[r++ % queries.length]!], nResults: 10 }),
    { iterations: 20, rounds: 21 },
  );

  const rows: Row[] = [
    { case: `upsert ${BATCH} × ${DIMS}d (replacing)`, ours: upsertOurs, baseline: upsertRaw, unit: 'ms', note: 'ours also reads the batch first: whole replacement' },
    { case: `query top-10 of ${N}`, ours: queryOurs, baseline: queryRaw, unit: 'ms' },
    { case: `query top-10, filtered`, ours: filteredOurs, baseline: filteredRaw, unit: 'ms' },
    { case: `raw query on our collection`, ours: storedOurs, baseline: storedRaw, unit: 'ms', note: 'the server reading the companion keys' },
  ];
  printTable('Chroma: @agentmap/storage-vector-chroma vs the raw chromadb client (same server)', rows);
} finally {
  await chroma.stop();
}
