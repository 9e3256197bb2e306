// Vector search on 100,000 × 384 clustered vectors: ingestion rate, recall@10 and queries/s of
// the exact local index, LanceDB without and with its IVF-PQ index, and hnswlib-node as the
// ANN yardstick. Recall is measured against a hand-written brute-force loop over one
// Float32Array, which is also the speed baseline of the exact index (target: within 1.5x).
// Set VECTOR_BENCH_QUERIES to change the number of queries (default 100), and
// VECTOR_BENCH_ONLY=local to measure only the exact index against its baseline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from '@agentmap/storage-core';
import { createLocalVectorStore, type VectorRecord, type VectorStore } from '@agentmap/storage-vector';
import { createLanceDbVectorStore } from '@agentmap/storage-vector-lancedb';
import hnswlib from 'hnswlib-node';
import { alternate, printTable, type Row } from './lib/measure';

const N = 100_000;
const DIMS = 384;
const CLUSTERS = 1000;
const QUERIES = Number(process.env.VECTOR_BENCH_QUERIES ?? 100);
const K = 10;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = rng(42);
const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

console.log(`generating ${N} x ${DIMS} vectors in ${CLUSTERS} clusters, ${QUERIES} queries`);
const centres = new Float32Array(CLUSTERS * DIMS).map(gauss);
const data = new Float32Array(N * DIMS);
for (let i = 0; i < N; i++) {
  const c = (i % CLUSTERS) * DIMS;
  for (let j = 0; j < DIMS; j++) data[i * DIMS + j] = centres[c + j]! + 0.35 * gauss();
}
const queries = Array.from({ length: QUERIES }, () => {
  const c = Math.floor(next() * CLUSTERS) * DIMS;
  return Float32Array.from({ length: DIMS }, (_, j) => centres[c + j]! + 0.35 * gauss());
});

// The raw baseline: brute-force cosine over one pre-normalised Float32Array, top-k by insertion.
const normalised = new Float32Array(data);
for (let i = 0; i < N; i++) {
  let s = 0;
  for (let j = 0; j < DIMS; j++) s += normalised[i * DIMS + j]! ** 2;
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < DIMS; j++) normalised[i * DIMS + j]! *= inv;
}
function bruteForce(query: Float32Array): number[] {
  let qs = 0;
  for (let j = 0; j < DIMS; j++) qs += query[j]! * query[j]!;
  const qinv = 1 / Math.sqrt(qs);
  const best: Array<[number, number]> = [];
  for (let i = 0; i < N; i++) {
    let dot = 0;
    const base = i * DIMS;
    for (let j = 0; j < DIMS; j++) dot += normalised[base + j]! * query[j]!;
    const score = dot * qinv;
    if (best.length === K && score <= best[K - 1]![0]) continue;
    let p = best.length < K ? best.length : K - 1;
    best[p] = [score, i];
    while (p > 0 && best[p - 1]![0] < score) {
      [best[p - 1], best[p]] = [best[p]!, best[p - 1]!];
      p--;
    }
  }
  return best.map(([, i]) => i);
}
const truth = queries.map(bruteForce);

function recall(found: number[][]): number {
  let hits = 0;
  found.forEach((ids, q) => {
    const want = new Set(truth[q]);
    hits += ids.filter((id) => want.has(id)).length;
  });
  return hits / (QUERIES * K);
}

const records: VectorRecord[] = Array.from({ length: N }, (_, i) => ({ id: String(i), vector: data.subarray(i * DIMS, (i + 1) * DIMS), metadata: { cluster: i % CLUSTERS } }));

async function ingest(store: VectorStore, collection: string, batch = 10_000): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < N; i += batch) await store.upsert(collection, records.slice(i, i + batch));
  return (performance.now() - start) / 1000;
}

async function search(store: VectorStore, collection: string): Promise<{ perQueryMs: number; ids: number[][] }> {
  await store.query(collection, { vector: queries[0]!, limit: K }); // load / warm up
  const ids: number[][] = [];
  const start = performance.now();
  for (const vector of queries) ids.push((await store.query(collection, { vector, limit: K })).map((m) => Number(m.id)));
  return { perQueryMs: (performance.now() - start) / QUERIES, ids };
}

const summary: string[] = [];
const line = (name: string, ingestS: number | undefined, r: number, ms: number) => {
  summary.push(
    `${name.padEnd(28)} ${ingestS === undefined ? '-'.padStart(10) : `${Math.round(N / ingestS)}/s`.padStart(10)}  recall@10 ${r.toFixed(3)}  ${(1000 / ms).toFixed(1).padStart(7)} q/s  (${ms.toFixed(2)} ms/query)`,
  );
  console.log(summary.at(-1));
};

// Baseline speed.
let start = performance.now();
for (const q of queries) bruteForce(q);
const rawMs = (performance.now() - start) / QUERIES;
line('hand-written brute force', undefined, 1, rawMs);

// Exact local index on a memory ObjectStore.
const local = createLocalVectorStore({ store: createMemoryStore() });
const localIngest = await ingest(local, 'bench');
const localRun = await search(local, 'bench');
line('local exact index', localIngest, recall(localRun.ids), localRun.perQueryMs);

// Alternating rounds for the ratio, so load from other processes weighs on both sides alike.
let qi = 0;
const [oursMs, baseMs] = await alternate(
  () => local.query('bench', { vector: queries[qi++ % QUERIES]!, limit: K }),
  () => Promise.resolve(bruteForce(queries[qi++ % QUERIES]!)),
  { iterations: 3, rounds: 15, warmup: 2 },
);
const rows: Row[] = [{ case: 'exact query, 100k x 384, k=10', ours: oursMs, baseline: baseMs, unit: 'ms', note: 'baseline: brute force over one Float32Array' }];

const onlyLocal = process.env.VECTOR_BENCH_ONLY === 'local';

// LanceDB, exact (no index) and with IVF-PQ.
if (!onlyLocal) {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'agentmap-bench-lancedb-'));
  try {
    const flat = createLanceDbVectorStore({ uri: dir, indexThreshold: Infinity });
    const flatIngest = await ingest(flat, 'flat');
    const flatRun = await search(flat, 'flat');
    line('LanceDB flat', flatIngest, recall(flatRun.ids), flatRun.perQueryMs);
    await flat.close?.();

    const indexed = createLanceDbVectorStore({ uri: dir, indexThreshold: N });
    const indexedIngest = await ingest(indexed, 'indexed');
    const indexedRun = await search(indexed, 'indexed');
    line('LanceDB IVF-PQ (+ index)', indexedIngest, recall(indexedRun.ids), indexedRun.perQueryMs);
    await indexed.close?.();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // hnswlib-node, the ANN yardstick.
  const hnsw = new hnswlib.HierarchicalNSW('cosine', DIMS);
  hnsw.initIndex(N, 16, 100, 42);
  start = performance.now();
  for (let i = 0; i < N; i++) hnsw.addPoint(Array.from(data.subarray(i * DIMS, (i + 1) * DIMS)), i);
  const hnswIngest = (performance.now() - start) / 1000;
  hnsw.setEf(64);
  start = performance.now();
  const hnswIds = queries.map((q) => hnsw.searchKnn(Array.from(q), K).neighbors);
  const hnswMs = (performance.now() - start) / QUERIES;
  line('hnswlib-node (M16 ef64)', hnswIngest, recall(hnswIds), hnswMs);
}

console.log(`\nVector search, ${N} x ${DIMS}, ${CLUSTERS} clusters, ${QUERIES} queries, k=${K} (ingestion rate, recall@10 vs brute force, speed)`);
for (const s of summary) console.log(s);
printTable('Exact local index vs a hand-written loop (ms per query; ratio = ours / baseline, target <= 1.5)', rows);
