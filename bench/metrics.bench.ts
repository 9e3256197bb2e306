// Cost of exporting metrics per 1 KiB local put: the metrics layer feeding the Prometheus
// exporter, the OpenTelemetry recorder (API only, no SDK: what an app without one pays) and
// the dashboard's history, plus OpenTelemetry spans, against the bare store in the same run.
//
// A local put is dominated by the file system, whose noise is larger than the overhead, so:
// many short rounds, the side that goes first alternating, and the figure reported is the
// median of the per-round ratios with its interquartile range. The same layers are also timed
// on the memory store, where nothing hides them, to give their absolute cost per call and its
// share of a local put.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ObjectStore, createLocalStore, createMemoryStore, withMetrics } from '@agentmap/storage-core';
import { createMetricsHistory, createOpenTelemetryMetrics, createPrometheusExporter, fanOutEvents, withTracing } from '@agentmap/storage-ops';
import { measure } from './lib/measure';

const ROUNDS = Number(process.env['METRICS_BENCH_ROUNDS'] ?? 201);
const LOCAL_PUTS_PER_ROUND = 40;
const MEMORY_PUTS_PER_ROUND = 2000;
const body = new Uint8Array(1024).fill(7);

type Layers = (store: ObjectStore) => ObjectStore;
const prometheus = createPrometheusExporter();
const history = createMetricsHistory();
const otel = createOpenTelemetryMetrics();
const all = fanOutEvents(prometheus.onEvent, otel.onEvent, history.onEvent);
const variants: Array<[string, Layers]> = [
  ['metrics layer + Prometheus', (s) => withMetrics(s, { onEvent: prometheus.onEvent })],
  ['+ OpenTelemetry metrics + history', (s) => withMetrics(s, { onEvent: all })],
  ['+ OpenTelemetry spans', (s) => withTracing(withMetrics(s, { onEvent: all }))],
];

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))]!;
};

/** Per-round ms per put of both sides, in rounds whose first side alternates. */
async function rounds(ours: ObjectStore, base: ObjectStore, puts: number, count: number): Promise<{ ours: number[]; base: number[]; ratios: number[]; extra: number[] }> {
  let n = 0;
  const put = (store: ObjectStore) => () => store.put(`k${n++ % 64}`, body);
  const out = { ours: [] as number[], base: [] as number[], ratios: [] as number[], extra: [] as number[] };
  // Warm both paths (JIT, directories, page cache) before anything counts.
  await measure(put(base), { iterations: puts * 3, rounds: 1, warmup: puts });
  await measure(put(ours), { iterations: puts * 3, rounds: 1, warmup: puts });
  for (let round = 0; round < count; round++) {
    let o = 0;
    let b = 0;
    if (round % 2 === 0) {
      b = await measure(put(base), { iterations: puts, rounds: 1, warmup: 1 });
      o = await measure(put(ours), { iterations: puts, rounds: 1, warmup: 1 });
    } else {
      o = await measure(put(ours), { iterations: puts, rounds: 1, warmup: 1 });
      b = await measure(put(base), { iterations: puts, rounds: 1, warmup: 1 });
    }
    out.ours.push(o);
    out.base.push(b);
    out.ratios.push(o / b);
    out.extra.push(o - b);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'agentmap-metrics-bench-'));
try {
  const local = createLocalStore({ baseDir: dir });
  const memory = createMemoryStore();
  const lines: string[][] = [];
  for (const [name, layers] of variants) {
    const onLocal = await rounds(layers(local), local, LOCAL_PUTS_PER_ROUND, ROUNDS);
    const onMemory = await rounds(layers(memory), memory, MEMORY_PUTS_PER_ROUND, 31);
    const localPutUs = quantile(onLocal.base, 0.5) * 1000;
    // Paired rounds: the median of each round's difference, so a GC pause or a neighbour's burst
    // in one round does not land on one side only.
    const costUs = quantile(onMemory.extra, 0.5) * 1000;
    lines.push([
      name,
      `${(quantile(onLocal.ours, 0.5) * 1000).toFixed(0)} µs`,
      `${localPutUs.toFixed(0)} µs`,
      `${quantile(onLocal.ratios, 0.5).toFixed(3)}x`,
      `${quantile(onLocal.ratios, 0.25).toFixed(2)}–${quantile(onLocal.ratios, 0.75).toFixed(2)}x`,
      `${costUs.toFixed(2)} µs`,
      `${((costUs / localPutUs) * 100).toFixed(2)} %`,
    ]);
  }
  console.log(
    `\nMetrics export overhead per 1 KiB local put (baseline: the same store without the layers; target <= 1.03x)\n` +
      `${ROUNDS} alternating rounds of ${LOCAL_PUTS_PER_ROUND} local puts per side; memory-store cost: median difference over 31 rounds of ${MEMORY_PUTS_PER_ROUND} puts; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`,
  );
  const header = ['layers', 'local put', 'bare put', 'median ratio', 'ratio IQR', 'cost/call (memory)', 'share of a local put'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(row(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(row(l));
  const text = await prometheus.metrics();
  console.log(`Prometheus exposition after the run: ${text.split('\n').filter((l) => l && !l.startsWith('#')).length} series lines, ${text.length} bytes`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
