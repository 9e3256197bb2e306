// Cost of exporting metrics per 1 KiB local put: the metrics layer feeding the Prometheus
// exporter, the OpenTelemetry recorder (API only, no SDK: what an app without one pays) and
// the dashboard's history, plus OpenTelemetry spans, against the bare store in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ObjectStore, createLocalStore, withMetrics } from '@agentmap/storage-core';
import { createMetricsHistory, createOpenTelemetryMetrics, createPrometheusExporter, fanOutEvents, withTracing } from '@agentmap/storage-ops';
import { measure, printTable, type Row } from './lib/measure';

const body = new Uint8Array(1024).fill(7);
const dir = mkdtempSync(join(tmpdir(), 'agentmap-metrics-bench-'));
try {
  const raw = createLocalStore({ baseDir: dir });
  const prometheus = createPrometheusExporter();
  const history = createMetricsHistory();
  const otel = createOpenTelemetryMetrics();
  const variants: Array<[string, ObjectStore]> = [
    ['metrics layer + Prometheus', withMetrics(raw, { onEvent: prometheus.onEvent })],
    ['+ OpenTelemetry metrics + history', withMetrics(raw, { onEvent: fanOutEvents(prometheus.onEvent, otel.onEvent, history.onEvent) })],
    ['+ OpenTelemetry spans', withTracing(withMetrics(raw, { onEvent: fanOutEvents(prometheus.onEvent, otel.onEvent, history.onEvent) }))],
  ];
  const rows: Row[] = [];
  let n = 0;
  for (const [name, store] of variants) {
    const ours: number[] = [];
    const base: number[] = [];
    // Alternate baseline and measured rounds so drift (JIT, page cache) hits both alike.
    // Which side goes first alternates too: a round of fsyncs slows the round after it.
    for (let round = 0; round < 21; round++) {
      const runBase = async () => base.push(await measure(() => raw.put(`k${n++ % 64}`, body), { iterations: 100, rounds: 1 }));
      const runOurs = async () => ours.push(await measure(() => store.put(`k${n++ % 64}`, body), { iterations: 100, rounds: 1 }));
      if (round % 2 === 0) {
        await runBase();
        await runOurs();
      } else {
        await runOurs();
        await runBase();
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[10]!;
    const o = median(ours);
    const b = median(base);
    rows.push({ case: `local put 1 KiB, ${name}`, ours: o, baseline: b, unit: 'ms', note: `+${((o - b) * 1000).toFixed(1)} µs/call` });
  }
  printTable('Metrics export overhead per call (baseline: the same local store without metrics; target <= 1.03x)', rows);
  const text = await prometheus.metrics();
  console.log(`Prometheus exposition after the run: ${text.split('\n').filter((l) => l && !l.startsWith('#')).length} series lines, ${text.length} bytes`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
