import type { ErrorCode } from '../errors/codes';
import type { StoreOperation } from './operation';

/**
 * One finished call, as {@link withMetrics} reports it. Carries names, sizes, times and the
 * error code only: no message, no cause, no body, so no secret can leak through it.
 */
export interface StoreEvent {
  operation: StoreOperation;
  /** `memory`, `local`, `s3`… */
  provider: string;
  /** What the store is bound to (`memory://x`, `s3://bucket`); holds no secret. */
  location: string;
  /** The key; for `copy` the source, for `list` the prefix. */
  key: string;
  /** Bytes written to the store. */
  bytesIn: number;
  /** Bytes read from the store (for `getStream`, the size of the object or range opened). */
  bytesOut: number;
  /** Entries of a `list` page. */
  entries?: number;
  durationMs: number;
  outcome: 'ok' | 'error';
  /** The `StorageError` code on failure; `UNKNOWN` for anything that is not a StorageError. */
  code?: ErrorCode | 'UNKNOWN';
  /** When the call started (ms since the epoch). */
  startedAt: number;
}

/** Durations of one operation, in ms. Percentiles cover the most recent calls (see `sampleSize`). */
export interface DurationStats {
  total: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

/** Counters of one operation of one provider. */
export interface OperationStats {
  count: number;
  errorCount: number;
  /** Failures by error code. */
  errors: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
  durationMs: DurationStats;
}

/** A copy of the counters at one moment. */
export interface MetricsSnapshot {
  /** By provider, then by operation. */
  providers: Record<string, Partial<Record<StoreOperation, OperationStats>>>;
  totals: { count: number; errorCount: number; bytesIn: number; bytesOut: number };
}

/** Collects {@link StoreEvent}s; one collector may be shared by many stores. */
export interface StoreMetrics {
  record(event: StoreEvent): void;
  snapshot(): MetricsSnapshot;
  reset(): void;
}

/** Options of {@link createStoreMetrics}. */
export interface StoreMetricsOptions {
  /** Recent durations kept per operation for percentiles. Default 1024. */
  sampleSize?: number;
}

interface Counter {
  count: number;
  errorCount: number;
  errors: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
  total: number;
  min: number;
  max: number;
  samples: number[];
  next: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A collector of counts, errors by code, bytes and durations per provider and operation. */
export function createStoreMetrics(options: StoreMetricsOptions = {}): StoreMetrics {
  const sampleSize = Math.max(1, Math.floor(options.sampleSize ?? 1024));
  let counters = new Map<string, Map<StoreOperation, Counter>>();

  const counterFor = (provider: string, operation: StoreOperation): Counter => {
    let byOperation = counters.get(provider);
    if (!byOperation) counters.set(provider, (byOperation = new Map()));
    let counter = byOperation.get(operation);
    if (!counter) {
      counter = { count: 0, errorCount: 0, errors: {}, bytesIn: 0, bytesOut: 0, total: 0, min: Infinity, max: 0, samples: [], next: 0 };
      byOperation.set(operation, counter);
    }
    return counter;
  };

  return {
    record(event: StoreEvent): void {
      const c = counterFor(event.provider, event.operation);
      c.count++;
      if (event.outcome === 'error') {
        c.errorCount++;
        const code = event.code ?? 'UNKNOWN';
        c.errors[code] = (c.errors[code] ?? 0) + 1;
      }
      c.bytesIn += event.bytesIn;
      c.bytesOut += event.bytesOut;
      c.total += event.durationMs;
      c.min = Math.min(c.min, event.durationMs);
      c.max = Math.max(c.max, event.durationMs);
      // A ring buffer: percentiles follow recent behaviour and memory stays bounded.
      if (c.samples.length < sampleSize) c.samples.push(event.durationMs);
      else c.samples[c.next] = event.durationMs;
      c.next = (c.next + 1) % sampleSize;
    },

    snapshot(): MetricsSnapshot {
      const snapshot: MetricsSnapshot = { providers: {}, totals: { count: 0, errorCount: 0, bytesIn: 0, bytesOut: 0 } };
      for (const [provider, byOperation] of counters) {
        const out: Partial<Record<StoreOperation, OperationStats>> = {};
        for (const [operation, c] of byOperation) {
          const sorted = [...c.samples].sort((a, b) => a - b);
          out[operation] = {
            count: c.count,
            errorCount: c.errorCount,
            errors: { ...c.errors },
            bytesIn: c.bytesIn,
            bytesOut: c.bytesOut,
            durationMs: {
              total: c.total,
              min: c.count === 0 ? 0 : c.min,
              max: c.max,
              mean: c.count === 0 ? 0 : c.total / c.count,
              p50: percentile(sorted, 50),
              p90: percentile(sorted, 90),
              p99: percentile(sorted, 99),
            },
          };
          snapshot.totals.count += c.count;
          snapshot.totals.errorCount += c.errorCount;
          snapshot.totals.bytesIn += c.bytesIn;
          snapshot.totals.bytesOut += c.bytesOut;
        }
        snapshot.providers[provider] = out;
      }
      return snapshot;
    },

    reset(): void {
      counters = new Map();
    },
  };
}
