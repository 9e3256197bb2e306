import type { StoreEvent } from '@agentmap/storage-core';
import { Counter, Gauge, Histogram, type HistogramConfiguration, type MetricObjectWithValues, type MetricValueWithName, Registry } from 'prom-client';
import type { CacheLike, QueueLike } from './sources';

/** Options of {@link createPrometheusExporter}. */
export interface PrometheusExporterOptions {
  /** Where the metrics are registered; a new registry by default (pass yours to serve one `/metrics`). */
  registry?: Registry;
  /** Metric name prefix (default `agentmap_storage_`). */
  prefix?: string;
  /** Latency buckets in seconds (default: 1 ms to 10 s). */
  buckets?: number[];
}

/** What {@link createPrometheusExporter} returns. */
export interface PrometheusExporter {
  /** Records one finished call: pass it as `withMetrics(store, { onEvent })`. */
  onEvent: (event: StoreEvent) => void;
  /** Reports a cache's hits, misses and hit rate (read from `cache.stats()` at each scrape). */
  observeCache(name: string, cache: CacheLike): void;
  /** Reports a concurrency limit's slots in use and calls waiting (read at each scrape). */
  observeQueue(name: string, queue: QueueLike): void;
  /** The Prometheus text exposition of everything registered. */
  metrics(): Promise<string>;
  /** The content type to serve `metrics()` with. */
  readonly contentType: string;
  readonly registry: Registry;
}

const DEFAULT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A counter series: the running total and how much of it prom-client has been given. */
interface CountCell {
  readonly labels: Record<string, string>;
  value: number;
  exported: number;
}

/** A latency series: observations per bucket (not cumulative; the last slot is `+Inf`), sum and count. */
interface LatencyCell {
  readonly labels: Record<string, string>;
  readonly buckets: number[];
  sum: number;
  count: number;
}

/** Everything one (provider, operation) pair records. */
interface OperationCells {
  ok: CountCell;
  /** Failures by error code. */
  errors: Map<string, CountCell>;
  bytesIn: CountCell;
  bytesOut: CountCell;
  okLatency: LatencyCell;
  errorLatency: LatencyCell;
}

const countCell = (labels: Record<string, string>): CountCell => ({ labels, value: 0, exported: 0 });

/** Gives prom-client what accumulated since the last scrape: one `inc` per series per scrape. */
function flush(counter: Counter<string>, cells: Iterable<CountCell>): void {
  for (const cell of cells) {
    if (cell.value === cell.exported) continue;
    counter.inc({ ...cell.labels }, cell.value - cell.exported);
    cell.exported = cell.value;
  }
}

/**
 * A prom-client histogram whose series live in {@link LatencyCell}s that the exporter fills
 * directly, and are turned into prom-client's exposition only at scrape time. prom-client's own
 * `observe` validates and hashes the labels on every call (about 2 µs here); a cell is a few
 * array writes.
 */
class CellHistogram extends Histogram<string> {
  readonly cells: LatencyCell[] = [];
  readonly #bounds: number[];
  readonly #name: string;
  readonly #help: string;

  constructor(config: HistogramConfiguration<string> & { buckets: number[] }) {
    super(config);
    this.#bounds = [...config.buckets].sort((a, b) => a - b);
    this.#name = config.name;
    this.#help = config.help;
  }

  cell(labels: Record<string, string>): LatencyCell {
    const cell: LatencyCell = { labels, buckets: new Array<number>(this.#bounds.length + 1).fill(0), sum: 0, count: 0 };
    this.cells.push(cell);
    return cell;
  }

  record(cell: LatencyCell, seconds: number): void {
    if (!Number.isFinite(seconds)) return;
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    cell.buckets[i]!++;
    cell.sum += seconds;
    cell.count++;
  }

  override async get(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    const bucketName = `${this.#name}_bucket`;
    const values: Array<MetricValueWithName<string>> = [];
    for (const cell of this.cells) {
      if (cell.count === 0) continue;
      let cumulative = 0;
      this.#bounds.forEach((bound, i) => {
        cumulative += cell.buckets[i]!;
        values.push({ metricName: bucketName, labels: { le: bound, ...cell.labels }, value: cumulative });
      });
      values.push(
        { metricName: bucketName, labels: { le: '+Inf', ...cell.labels }, value: cell.count },
        { metricName: `${this.#name}_sum`, labels: { ...cell.labels }, value: cell.sum },
        { metricName: `${this.#name}_count`, labels: { ...cell.labels }, value: cell.count },
      );
    }
    // prom-client's typings declare `type` as an enum its runtime never uses (it writes the string).
    return { name: this.#name, help: this.#help, type: 'histogram', aggregator: 'sum', values } as unknown as MetricObjectWithValues<MetricValueWithName<string>>;
  }

  /** The registry's text exposition reads this when present; it must see the cells too. */
  getForPromString(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
    return this.get();
  }

  override reset(): void {
    // prom-client's constructor may reset before this class's fields exist.
    for (const cell of this.cells ?? []) {
      cell.buckets.fill(0);
      cell.sum = 0;
      cell.count = 0;
    }
  }
}

/**
 * Exports the metrics layer's events as Prometheus metrics with `prom-client`: calls by
 * provider, operation, outcome and error code; latency histograms; bytes moved; cache hit
 * rates and queue depths. Labels are bounded sets (providers, operations, codes, names you
 * give); keys, document ids and locations never become labels, so a store with millions of
 * keys still has a handful of series.
 *
 * ```ts
 * const prometheus = createPrometheusExporter();
 * const store = withMetrics(createLocalStore({ baseDir }), { onEvent: prometheus.onEvent });
 * http.createServer(async (_, res) => res.end(await prometheus.metrics())).listen(9464);
 * ```
 */
export function createPrometheusExporter(options: PrometheusExporterOptions = {}): PrometheusExporter {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? 'agentmap_storage_';
  const caches = new Map<string, CacheLike>();
  const queues = new Map<string, QueueLike>();

  // Calls land in plain per-series cells (found by two Map lookups, no label object built or
  // hashed); prom-client receives them when scraped. That keeps the per-call cost well under a
  // microsecond where prom-client's labelled `inc`/`observe` cost several.
  const cells = new Map<string, Map<string, OperationCells>>();
  const countCells = function* (pick: (c: OperationCells) => Iterable<CountCell>): Generator<CountCell> {
    for (const byOperation of cells.values()) for (const c of byOperation.values()) yield* pick(c);
  };
  new Counter({
    name: `${prefix}operations_total`,
    help: 'Storage calls by provider, operation, outcome (ok or error) and error code.',
    labelNames: ['provider', 'operation', 'outcome', 'code'] as const,
    registers: [registry],
    collect() {
      flush(this, countCells((c) => [c.ok, ...c.errors.values()]));
    },
  });
  const duration = new CellHistogram({
    name: `${prefix}operation_duration_seconds`,
    help: 'Storage call latency in seconds, by provider, operation and outcome.',
    labelNames: ['provider', 'operation', 'outcome'],
    buckets: options.buckets ?? DEFAULT_BUCKETS,
    registers: [registry],
  });
  new Counter({
    name: `${prefix}bytes_total`,
    help: 'Bytes moved by storage calls: direction "in" is written to the store, "out" read from it.',
    labelNames: ['provider', 'operation', 'direction'] as const,
    registers: [registry],
    collect() {
      flush(this, countCells((c) => [c.bytesIn, c.bytesOut]));
    },
  });
  const cellsFor = (provider: string, operation: string): OperationCells => {
    let byOperation = cells.get(provider);
    if (!byOperation) cells.set(provider, (byOperation = new Map()));
    let c = byOperation.get(operation);
    if (!c) {
      c = {
        ok: countCell({ provider, operation, outcome: 'ok', code: '' }),
        errors: new Map(),
        bytesIn: countCell({ provider, operation, direction: 'in' }),
        bytesOut: countCell({ provider, operation, direction: 'out' }),
        okLatency: duration.cell({ provider, operation, outcome: 'ok' }),
        errorLatency: duration.cell({ provider, operation, outcome: 'error' }),
      };
      byOperation.set(operation, c);
    }
    return c;
  };

  new Gauge({
    name: `${prefix}cache_hit_ratio`,
    help: 'Gets served by any cache level divided by all gets (0..1), per cache.',
    labelNames: ['cache'] as const,
    registers: [registry],
    collect() {
      for (const [name, cache] of caches) this.set({ cache: name }, cache.stats().hitRate);
    },
  });
  new Gauge({
    name: `${prefix}cache_requests`,
    help: 'Cache gets by result (hit or miss), per cache, since the cache was created or its stats reset.',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
    collect() {
      for (const [name, cache] of caches) {
        const stats = cache.stats();
        this.set({ cache: name, result: 'hit' }, stats.hits);
        this.set({ cache: name, result: 'miss' }, stats.misses);
      }
    },
  });
  new Gauge({
    name: `${prefix}queue_depth`,
    help: 'Calls waiting for a concurrency slot, per limit.',
    labelNames: ['queue'] as const,
    registers: [registry],
    collect() {
      for (const [name, queue] of queues) this.set({ queue: name }, queue.waiting);
    },
  });
  new Gauge({
    name: `${prefix}queue_in_use`,
    help: 'Concurrency slots in use, per limit.',
    labelNames: ['queue'] as const,
    registers: [registry],
    collect() {
      for (const [name, queue] of queues) this.set({ queue: name }, queue.inUse);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    onEvent(event) {
      const c = cellsFor(event.provider, event.operation);
      if (event.outcome === 'ok') {
        c.ok.value++;
        duration.record(c.okLatency, event.durationMs / 1000);
      } else {
        const code = event.code ?? 'UNKNOWN';
        let failed = c.errors.get(code);
        if (!failed) c.errors.set(code, (failed = countCell({ provider: event.provider, operation: event.operation, outcome: 'error', code })));
        failed.value++;
        duration.record(c.errorLatency, event.durationMs / 1000);
      }
      if (event.bytesIn > 0) c.bytesIn.value += event.bytesIn;
      if (event.bytesOut > 0) c.bytesOut.value += event.bytesOut;
    },
    observeCache(name, cache) {
      caches.set(name, cache);
    },
    observeQueue(name, queue) {
      queues.set(name, queue);
    },
    metrics: () => registry.metrics(),
  };
}
