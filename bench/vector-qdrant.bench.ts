// Qdrant through @agentmap/storage-vector-qdrant against the raw @qdrant/js-client-rest client
// on the same Qdrant test server (tools/qdrant-test-server, exact search in-process), in one
// run: upserts of 100 records × 384 dimensions with text and metadata (wait=true), and top-10
// queries with payloads, unfiltered and filtered, over 2,000 records. The raw side writes the
// same records to its own collection as a developer would by hand: UUID point ids, the id,
// text and metadata as plain payload keys, the same named vector. Ratio = ours / raw.
// Besides wall time, CPU time per call (this process: client and in-process server) is
// measured in alternating rounds too: on a loaded machine it moves far less than wall time.
import { randomUUID } from 'node:crypto';
import { startQdrantTestServer } from '@agentmap/qdrant-test-server';
import { uuidForId } from '@agentmap/storage-vector';
import { createQdrantVectorStore } from '@agentmap/storage-vector-qdrant';
import { QdrantClient } from '@qdrant/js-client-rest';
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
const points = records.map((r) => ({ id: randomUUID(), vector: { dense: r.vector }, payload: { id: r.id, text: r.text, ...r.metadata } }));
const queries = Array.from({ length: 50 }, () => Array.from({ length: DIMS }, next));

/** Median CPU ms (user + system, whole process) per call of each side over alternating rounds. */
async function alternateCpu(ours: () => Promise<unknown>, baseline: () => Promise<unknown>, iterations: number, rounds = 9): Promise<[number, number]> {
  const samples: [number[], number[]] = [[], []];
  const sides = [ours, baseline];
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const before = process.cpuUsage();
      for (let i = 0; i < iterations; i++) await sides[side]!();
      const used = process.cpuUsage(before);
      samples[side]!.push((used.user + used.system) / 1000 / iterations);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(samples[0]), median(samples[1])];
}

const server = await startQdrantTestServer();
try {
  const store = createQdrantVectorStore({ url: server.url, maxBatch: 500 });
  const raw = new QdrantClient({ url: server.url, checkCompatibility: false });
  await raw.createCollection('raw', { vectors: { dense: { size: DIMS, distance: 'Cosine' } } });

  console.log(`loading ${N} records into each collection`);
  for (let i = 0; i < N; i += 500) {
    await store.upsert('ours', records.slice(i, i + 500));
    await raw.upsert('raw', { wait: true, points: points.slice(i, i + 500) });
  }

  let ourBatch = 0;
  let rawBatch = 0;
  const slice = <T>(all: T[], n: number) => all.slice((n % (N / BATCH)) * BATCH, (n % (N / BATCH)) * BATCH + BATCH);
  const [upsertOurs, upsertRaw] = await alternate(
    () => store.upsert('ours', slice(records, ourBatch++)),
    () => raw.upsert('raw', { wait: true, points: slice(points, rawBatch++) }),
    { iterations: 5, rounds: 11, warmup: 2 },
  );

  let q = 0;
  let r = 0;
  const [queryOurs, queryRaw] = await alternate(
    () => store.query('ours', { vector: queries[q++ % queries.length]!, limit: 10 }),
    () => raw.query('raw', { query: queries[r++ % queries.length]!, using: 'dense', limit: 10, with_payload: true }),
    { iterations: 20, rounds: 11 },
  );
  const [filteredOurs, filteredRaw] = await alternate(
    () => store.query('ours', { vector: queries[q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2020 } } }),
    () =>
      raw.query('raw', {
        query: queries[r++ % queries.length]!,
        using: 'dense',
        limit: 10,
        with_payload: true,
        filter: { must: [{ key: 'category', match: { value: 'tech' } }, { key: 'year', range: { gte: 2020 } }] },
      }),
    { iterations: 20, rounds: 11 },
  );
  const [upsertCpuOurs, upsertCpuRaw] = await alternateCpu(
    () => store.upsert('ours', slice(records, ourBatch++)),
    () => raw.upsert('raw', { wait: true, points: slice(points, rawBatch++) }),
    5,
  );
  const [queryCpuOurs, queryCpuRaw] = await alternateCpu(
    () => store.query('ours', { vector: queries[q++ % queries.length]!, limit: 10 }),
    () => raw.query('raw', { query: queries[r++ % queries.length]!, using: 'dense', limit: 10, with_payload: true }),
    20,
  );
  const [filteredCpuOurs, filteredCpuRaw] = await alternateCpu(
    () => store.query('ours', { vector: queries[q++ % queries.length]!, limit: 10, filter: { category: 'tech', year: { $gte: 2020 } } }),
    () =>
      raw.query('raw', {
        query: queries[r++ % queries.length]!,
        using: 'dense',
        limit: 10,
        with_payload: true,
        filter: { must: [{ key: 'category', match: { value: 'tech' } }, { key: 'year', range: { gte: 2020 } }] },
      }),
    20,
  );
  // The id mapping on its own, for the record: one v5 UUID per id.
  const started = process.hrtime.bigint();
  for (const rec of records) uuidForId(rec.id);
  const uuidMicros = Number(process.hrtime.bigint() - started) / 1e3 / N;

  const rows: Row[] = [
    { case: `upsert ${BATCH} × ${DIMS}d`, ours: upsertOurs, baseline: upsertRaw, unit: 'ms' },
    { case: `query top-10 of ${N}`, ours: queryOurs, baseline: queryRaw, unit: 'ms' },
    { case: 'query top-10, filtered', ours: filteredOurs, baseline: filteredRaw, unit: 'ms' },
    { case: `upsert ${BATCH} × ${DIMS}d, CPU`, ours: upsertCpuOurs, baseline: upsertCpuRaw, unit: 'ms' },
    { case: `query top-10 of ${N}, CPU`, ours: queryCpuOurs, baseline: queryCpuRaw, unit: 'ms' },
    { case: 'query top-10, filtered, CPU', ours: filteredCpuOurs, baseline: filteredCpuRaw, unit: 'ms' },
  ];
  printTable('Qdrant: @agentmap/storage-vector-qdrant vs the raw @qdrant/js-client-rest client (same test server)', rows);
  console.log(`uuidForId: ${uuidMicros.toFixed(2)} µs per id`);
} finally {
  await server.close();
}
