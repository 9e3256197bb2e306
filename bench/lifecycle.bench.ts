// Planning lifecycle policies over 1 million listed keys of the memory store: time and peak heap, against a bare listing of the same keys in the same run.
import { createMemoryStore } from '@agentmap/storage-core';
import { planLifecycle, planLifecycleItems } from '@agentmap/storage-governance';
import { printTable, type Row } from './lib/measure';

const KEYS = Number(process.env.LIFECYCLE_BENCH_KEYS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Wall time and the highest heap use above the starting point while `fn` runs (sampled every 5 ms). */
async function heapPeak(fn: () => Promise<unknown>): Promise<{ ms: number; peakMiB: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, peakMiB: (peak - base) / 1048576 };
}

const store = createMemoryStore();
const body = new Uint8Array(16);
for (let i = 0; i < KEYS; i++) await store.put(`c${i % 16}/${String(i).padStart(7, '0')}${i % 10 === 0 ? '.log' : '.json'}`, body);

const policies = [
  { name: 'compress_logs', conditions: { age_days: 0, file_types: ['.log'] }, actions: [{ type: 'compress', format: 'gzip', delete_original: true }] },
  { name: 'old_data', conditions: { age_days: 30, prefix: 'c3/' }, actions: [{ type: 'delete' }] },
];

const rows: Row[] = [];
for (let round = 0; round < 2; round++) {
  const listing = await heapPeak(async () => {
    let n = 0;
    for await (const entry of store.list('')) if (entry.kind === 'object') n++;
    if (n !== KEYS) throw new Error(`listed ${n}`);
  });
  const streamed = await heapPeak(async () => {
    let n = 0;
    for await (const item of planLifecycleItems(store, { policies })) if (item.steps.length > 0) n++;
    if (n !== KEYS / 10) throw new Error(`planned ${n}`);
  });
  const whole = await heapPeak(async () => {
    const plan = await planLifecycle(store, { policies });
    if (plan.items.length !== KEYS / 10 || plan.scanned !== KEYS) throw new Error('wrong plan');
  });
  if (round === 0) continue; // the first round warms up
  const perKey = (ms: number) => (ms * 1000) / KEYS;
  rows.push({ case: `plan ${KEYS} keys, streamed (planLifecycleItems), µs/key`, ours: perKey(streamed.ms), baseline: perKey(listing.ms), unit: 'µs', note: `total ${(streamed.ms / 1000).toFixed(2)} s vs ${(listing.ms / 1000).toFixed(2)} s` });
  rows.push({ case: `plan ${KEYS} keys, whole plan of ${KEYS / 10} items (planLifecycle), µs/key`, ours: perKey(whole.ms), baseline: perKey(listing.ms), unit: 'µs', note: `total ${(whole.ms / 1000).toFixed(2)} s` });
  rows.push({ case: 'peak heap above start, streamed plan vs bare listing', ours: streamed.peakMiB, baseline: listing.peakMiB, unit: 'MiB' });
  rows.push({ case: `peak heap above start, whole plan (${KEYS / 10} items) vs bare listing`, ours: whole.peakMiB, baseline: listing.peakMiB, unit: 'MiB' });
}
printTable(`Lifecycle planning over ${KEYS} keys of the memory store (baseline: a bare listing of the same keys)`, rows);
