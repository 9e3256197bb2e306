// Chroma through @agentmap/storage-vector-chroma against the raw chromadb client on the same
// local Chroma server, in one run: upserts of 100 records × 384 dimensions (with text and
// metadata) and top-10 queries, unfiltered and filtered, over 5,000 records. Our upsert reads
// the batch's stored metadata first so a record is replaced whole (Chroma's upsert merges
// metadata); the raw side is a plain upsert. The row "raw query on our collection" runs the raw
// client's query on the collection our store wrote, to separate what its companion keys cost
// the server from what our client code costs. The row "collection made with stringRanges"
// queries the same records written by a store with that option (order keys beside each
// string), to show what those keys cost. Ratio = ours / raw, the median of per-round ratios.
//
// The raw side is the glue a developer would write by hand: inside each timed call it builds
// its request (ids, embeddings, documents, metadatas) from the same records, since an
// application cannot build the request for new data ahead of time. The row "raw, request
// prebuilt" also times the raw client sending arrays built before the clock started, for the
// record. CPU time per call is this process only (the Chroma server runs in its own process),
// so those rows compare the client-side work of each side.
import { createChromaVectorStore } from '@agentmap/storage-vector-chroma';
import { startChroma } from '@agentmap/test-servers';
import { ChromaClient } from 'chromadb';
import { alternate, alternateCpu, printTable, type Row } from './lib/measure';

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

  // The same records in a collection made with stringRanges (order keys beside each string), for the record.
  const ranged = createChromaVectorStore({ url: chroma.url, stringRanges: true });
  console.log(`loading ${N} records into each collection`);
  for (let i = 0; i < N; i += 500) {
    await store.upsert('bench-ours', records.slice(i, i + 500));
    await ranged.upsert('bench-ranged', records.slice(i, i + 500));
    await rawUpsert(records.slice(i, i + 500));
  }

  const turn = { ours: 0, raw: 0, q: 0, r: 0 };
  const batchOf = (n: number) => records.slice((n % (N / BATCH)) * BATCH, (n % (N / BATCH)) * BATCH + BATCH);
  const prebuilt = Array.from({ length: N / BATCH }, (_, n) => {
    const batch = batchOf(n);
    return { ids: batch.map((r) => r.id), embeddings: batch.map((r) => r.vector), documents: batch.map((r) => r.text), metadatas: batch.map((r) => r.metadata) };
  });
  const upsertOurs = () => store.upsert('bench-ours', batchOf(turn.ours++));
  const upsertRaw = () => rawUpsert(batchOf(turn.raw++));
  const upsertPrebuilt = () => raw.upsert(prebuilt[turn.raw++ % prebuilt.length]!);
  const queryOurs = () => store.query('bench-ours', { vector: queries[turn.q++ % queries.length]!, limit: 10 });
  const queryRaw = () => raw.query({ queryEmbeddings: [queries[turn.r++ % queries.length]!], nResults: 10 });
  const filteredOurs = () => store.query('bench-ours', { vector: queries[turn.q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2020 } } });
  const filteredRaw = () => raw.query({ queryEmbeddings: [queries[turn.r++ % queries.length]!], nResults: 10, where: { $and: [{ category: 'tech' }, { year: { $gte: 2020 } }] } });

  const cases: Array<[string, () => Promise<unknown>, () => Promise<unknown>, number, number, string?]> = [
    [`upsert ${BATCH} × ${DIMS}d (replacing)`, upsertOurs, upsertRaw, 2, 7, 'ours also reads the batch first: whole replacement'],
    [`upsert ${BATCH} × ${DIMS}d vs raw, request prebuilt`, upsertOurs, upsertPrebuilt, 2, 7],
    [`query top-10 of ${N}`, queryOurs, queryRaw, 20, 21],
    ['query top-10, filtered', filteredOurs, filteredRaw, 20, 21],
    ['query top-10, collection made with stringRanges', () => ranged.query('bench-ranged', { vector: queries[turn.q++ % queries.length]!, limit: 10 }), queryRaw, 20, 21, 'order keys beside each string'],
  ];
  const rows: Row[] = [];
  for (const [name, ours, baseline, iterations, rounds, note] of cases) {
    const [o, b, ratio] = await alternate(ours, baseline, { iterations, rounds, warmup: 1 });
    rows.push({ case: name, ours: o, baseline: b, unit: 'ms', ratio, ...(note ? { note } : {}) });
  }

  // The same raw query on our collection: what the stored companion keys cost the server.
  const ourCollection = client.collection((await client.getCollection({ name: 'bench-ours', embeddingFunction: { generate: () => Promise.resolve([]) } })).id);
  const [storedOurs, storedRaw, storedRatio] = await alternate(() => ourCollection.query({ queryEmbeddings: [queries[turn.q++ % queries.length]!], nResults: 10 }), queryRaw, { iterations: 20, rounds: 21 });
  rows.push({ case: 'raw query on our collection', ours: storedOurs, baseline: storedRaw, unit: 'ms', ratio: storedRatio, note: 'the server reading the companion keys' });
  for (const [name, ours, baseline, iterations, rounds] of cases) {
    const [o, b, ratio] = await alternateCpu(ours, baseline, { iterations, rounds });
    rows.push({ case: `${name}, CPU (client)`, ours: o, baseline: b, unit: 'ms', ratio });
  }
  printTable('Chroma: @agentmap/storage-vector-chroma vs the raw chromadb client (same server)', rows);
} finally {
  await chroma.stop();
}
