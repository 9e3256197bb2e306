// Pinecone through @agentmap/storage-vector-pinecone against the raw @pinecone-database/pinecone
// client on the same Pinecone test server (tools/pinecone-test-server, exact search in-process),
// in one run: upserts of 100 records × 384 dimensions with text and metadata, and top-10
// queries with metadata, unfiltered and filtered, over 2,000 records. Ratio = ours / raw.
//
// The raw side is the glue a developer would write by hand: inside each timed call it builds
// its request from the same records (the id as it is, the vector, and the metadata keys plus the
// text as plain metadata) and sends it to another namespace, since an application cannot build
// the request for new data ahead of time. The row "raw, request prebuilt" also times the raw
// client sending records built before the clock started, for the record.
// Besides wall time, CPU time per call (this process: client and in-process server) is
// measured in alternating rounds too: on a loaded machine it moves far less than wall time.
import { startPineconeTestServer } from '@agentmap/pinecone-test-server';
import { createPineconeVectorStore } from '@agentmap/storage-vector-pinecone';
import { Pinecone } from '@pinecone-database/pinecone';
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
const recordsOf = (batch: typeof records) => batch.map((r) => ({ id: r.id, values: r.vector, metadata: { ...r.metadata, text: r.text } }));
const prebuilt = recordsOf(records);
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
    await raw.upsert({ records: prebuilt.slice(i, i + 200) });
  }

  const turn = { ours: 0, raw: 0, q: 0, r: 0 };
  const slice = <T>(all: T[], n: number) => all.slice((n % (N / BATCH)) * BATCH, (n % (N / BATCH)) * BATCH + BATCH);
  const upsertOurs = () => store.upsert('ours', slice(records, turn.ours++));
  const upsertRaw = () => raw.upsert({ records: recordsOf(slice(records, turn.raw++)) });
  const upsertPrebuilt = () => raw.upsert({ records: slice(prebuilt, turn.raw++) });
  const queryOurs = () => store.query('ours', { vector: queries[turn.q++ % queries.length]!, limit: 10 });
  const queryRaw = () => raw.query({ vector: queries[turn.r++ % queries.length]!, topK: 10, includeMetadata: true });
  const filteredOurs = () => store.query('ours', { vector: queries[turn.q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2020 } } });
  const filteredRaw = () => raw.query({ vector: queries[turn.r++ % queries.length]!, topK: 10, includeMetadata: true, filter: { $and: [{ category: { $eq: 'tech' } }, { year: { $gte: 2020 } }] } });

  const cases: PairedCase[] = [
    [`upsert ${BATCH} × ${DIMS}d`, upsertOurs, upsertRaw, 5],
    [`upsert ${BATCH} × ${DIMS}d vs raw, request prebuilt`, upsertOurs, upsertPrebuilt, 5],
    [`query top-10 of ${N}`, queryOurs, queryRaw, 20],
    ['query top-10, filtered', filteredOurs, filteredRaw, 20],
  ];
  const rows = await wallAndCpuRows(cases);
  printTable('Pinecone: @agentmap/storage-vector-pinecone vs the raw @pinecone-database/pinecone client (same test server)', rows);
} finally {
  await server.close();
}
