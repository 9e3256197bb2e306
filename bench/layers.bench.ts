// Cost of each layer per 1 KiB call, against the same store without layers in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, printTable, type Row } from './lib/measure';
import { type ObjectStore, createLocalStore, createMemoryStore, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '@agentmap/storage-core';

const all = (s: ObjectStore) => withRetry(withTimeout(withConcurrencyLimit(withMetrics(s), { maxConcurrent: 16 }), { timeoutMs: 30_000 }), { retries: 3 });
const layers: Array<[string, (s: ObjectStore) => ObjectStore]> = [
  ['retry', (s) => withRetry(s)],
  ['timeout', (s) => withTimeout(s, { timeoutMs: 30_000 })],
  ['concurrency', (s) => withConcurrencyLimit(s, { maxConcurrent: 16 })],
  ['metrics', (s) => withMetrics(s)],
  ['all four', all],
];
const body = new Uint8Array(1024).fill(7);

async function rowsFor(label: string, raw: ObjectStore, iterations: number): Promise<Row[]> {
  await raw.put('bench/k', body);
  const rows: Row[] = [];
  for (const [name, layer] of layers) {
    const s = layer(raw);
    for (const [op, run, runRaw] of [
      ['get', () => s.get('bench/k'), () => raw.get('bench/k')],
      ['put', () => s.put('bench/k', body), () => raw.put('bench/k', body)],
    ] as const) {
      // Baseline and layered runs alternate, so drift (JIT, disk cache) hits both alike.
      const ours: number[] = [];
      const base: number[] = [];
      for (let round = 0; round < 5; round++) {
        base.push(await measure(runRaw, { iterations, rounds: 1 }));
        ours.push(await measure(run, { iterations, rounds: 1 }));
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[2]!;
      const o = median(ours);
      const b = median(base);
      rows.push({ case: `${label} ${op} 1 KiB + ${name}`, ours: o, baseline: b, unit: 'ms', note: `+${((o - b) * 1000).toFixed(1)} µs/call` });
    }
  }
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'agentmap-layer-bench-'));
try {
  const memory = await rowsFor('memory', createMemoryStore(), 2000);
  const local = await rowsFor('local', createLocalStore({ baseDir: dir }), 100);
  printTable('Layer overhead per call (baseline: the same store without layers)', [...memory, ...local]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
