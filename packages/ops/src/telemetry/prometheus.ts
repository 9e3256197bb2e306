import type { StoreEvent } from '@agentmap/storage-core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
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

  const operations = new Counter({
    name: `${prefix}operations_total`,
    help: 'Storage calls by provider, operation, outcome (ok or error) and error code.',
    labelNames: ['provider', 'operation', 'outcome', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${prefix}operation_duration_seconds`,
    help: 'Storage call latency in seconds, by provider, operation and outcome.',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: options.buckets ?? DEFAULT_BUCKETS,
    registers: [registry],
  });
  const bytes = new Counter({
    name: `${prefix}bytes_total`,
    help: 'Bytes moved by storage calls: direction "in" is written to the store, "out" read from it.',
    labelNames: ['provider', 'operation', 'direction'] as const,
    registers: [registry],
  });
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
      const outcome = event.outcome;
      operations.inc({ provider: event.provider, operation: event.operation, outcome, code: outcome === 'ok' ? '' : (event.code ?? 'UNKNOWN') });
      duration.observe({ provider: event.provider, operation: event.operation, outcome }, event.durationMs / 1000);
      if (event.bytesIn > 0) bytes.inc({ provider: event.provider, operation: event.operation, direction: 'in' }, event.bytesIn);
      if (event.bytesOut > 0) bytes.inc({ provider: event.provider, operation: event.operation, direction: 'out' }, event.bytesOut);
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
