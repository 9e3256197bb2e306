// Listing a local folder of many keys against a raw readdirSync + sort + statSync of the same
// folder in the same run: the whole listing, the first 10 entries, and the same through the
// layer stack (retry, timeout, concurrency, metrics) against the bare store.
// LISTING_KEYS sets the folder size (default 50,000); LISTING_MILLION=1 also lists a folder of
// a million keys and reports the memory the listing holds (it takes a few minutes to create).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ObjectStore, createLocalStore, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '@agentmap/storage-core';
import { alternate, printTable, type Row } from './lib/measure';

const count = Number(process.env.LISTING_KEYS ?? 50_000);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'agentmap-bench-listing-'));

/** A folder of `n` small objects, written directly (the store's own put is not measured here). */
function fill(folder: string, n: number): void {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(folder, `doc-${String(i).padStart(7, '0')}.json`), '{"v":1}');
}

/** What a hand-written listing does: every name, sorted, each stat'ed. */
function rawListing(folder: string, limit = Infinity): number {
  let bytes = 0;
  let seen = 0;
  for (const name of readdirSync(folder).sort()) {
    if (seen++ >= limit) break;
    bytes += statSync(join(folder, name)).size;
  }
  return bytes;
}

async function listed(store: ObjectStore, prefix: string, limit = Infinity): Promise<number> {
  let n = 0;
  for await (const entry of store.list(prefix)) {
    if (entry.kind === 'object') n++;
    if (n >= limit) break;
  }
  return n;
}

const base = join(dir, 'store');
fill(join(base, 'docs'), count);
const store = createLocalStore({ baseDir: base });
const layered = withRetry(withTimeout(withConcurrencyLimit(withMetrics(store), { maxConcurrent: 16 }), { timeoutMs: 30_000 }), { retries: 3 });
const folder = join(base, 'docs');
if ((await listed(store, 'docs/')) !== count) throw new Error('the listing missed keys');

const opts = { iterations: 1, rounds: 9, warmup: 1 };
const rows: Row[] = [];
const label = `${count.toLocaleString('en')} keys`;
const [full, raw] = await alternate(() => listed(store, 'docs/'), async () => rawListing(folder), opts);
rows.push({ case: `list ${label} vs raw`, ours: full, baseline: raw, unit: 'ms', note: 'target ≤ 3x' });
const [first, rawAgain] = await alternate(() => listed(store, 'docs/', 10), async () => rawListing(folder), opts);
rows.push({ case: `first 10 of ${label} vs whole raw`, ours: first, baseline: rawAgain, unit: 'ms', note: 'target ≤ 0.75x' });
const [rawFirst, rawAll] = await alternate(async () => rawListing(folder, 10), async () => rawListing(folder), opts);
rows.push({ case: `raw first 10 vs whole raw`, ours: rawFirst, baseline: rawAll, unit: 'ms', note: 'the floor: readdir + sort' });
const [withLayers, bare] = await alternate(() => listed(layered, 'docs/'), () => listed(store, 'docs/'), opts);
rows.push({ case: `list ${label}, layers vs bare`, ours: withLayers, baseline: bare, unit: 'ms', note: 'target ≤ 1.1x' });
printTable(`Local listing vs readdirSync + sort + statSync (ms per listing; ratio = ours / baseline)`, rows);

if (process.env.LISTING_MILLION === '1') {
  const million = 1_000_000;
  fill(join(base, 'million'), million);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const started = performance.now();
  let n = 0;
  for await (const entry of store.list('million/')) {
    if (entry.kind === 'object') n++;
    if (n % 10_000 === 0) {
      const now = process.memoryUsage();
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakRss = Math.max(peakRss, now.rss);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const MiB = 1048576;
  console.log(
    `\nA folder of ${n.toLocaleString('en')} keys listed in ${seconds.toFixed(1)} s; peak heap growth ${((peakHeap - before.heapUsed) / MiB).toFixed(0)} MiB, ` +
      `peak RSS growth ${((peakRss - before.rss) / MiB).toFixed(0)} MiB (${(((peakHeap - before.heapUsed) / million) | 0)} bytes of heap per entry).`,
  );
}
rmSync(dir, { recursive: true, force: true });
