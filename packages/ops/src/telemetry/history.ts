import type { StoreEvent } from '@agentmap/storage-core';

/** One interval of the history, all providers together or one provider. */
export interface MetricsPoint {
  /** Start of the interval (ms since the epoch). */
  t: number;
  count: number;
  errors: number;
  /** errors / count, 0..1 (0 when idle). */
  errorRate: number;
  /** Latency percentiles in ms over the interval's calls (0 when idle). */
  p50: number;
  p90: number;
  p99: number;
  bytesIn: number;
  bytesOut: number;
}

/** Totals over a window of recent intervals, as alert rules read them. */
export type MetricsWindow = Omit<MetricsPoint, 't'> & { from: number; to: number };

/** Options of {@link createMetricsHistory}. */
export interface MetricsHistoryOptions {
  /** Length of one interval in ms (default 5,000). */
  intervalMs?: number;
  /** Intervals kept (default 720: an hour of 5-second points). Older ones are dropped. */
  points?: number;
  /** Latencies sampled per interval and provider for percentiles (default 512; reservoir sampling beyond). */
  sampleSize?: number;
  /** The clock (tests). */
  now?: () => number;
}

interface Bucket {
  t: number;
  count: number;
  errors: number;
  bytesIn: number;
  bytesOut: number;
  seen: number;
  samples: number[];
}

/** What {@link createMetricsHistory} returns. */
export interface MetricsHistory {
  /** Records one finished call: pass it as (or inside) `withMetrics(store, { onEvent })`. */
  onEvent: (event: StoreEvent) => void;
  /** Points oldest first, for all providers or one; idle intervals appear as zeros so charts keep time. */
  series(options?: { provider?: string; sinceMs?: number }): MetricsPoint[];
  /** Totals and percentiles over the last `windowMs` (all providers, or one). */
  window(windowMs: number, provider?: string): MetricsWindow;
  /** Providers seen so far. */
  providers(): string[];
}

const ALL = '*';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Keeps the recent past of the metrics layer's events in fixed intervals — counts, errors,
 * latency percentiles and bytes, overall and per provider — in bounded memory (`points` ×
 * providers × `sampleSize` numbers at most). Alert rules read windows of it; the dashboard
 * charts its series.
 */
export function createMetricsHistory(options: MetricsHistoryOptions = {}): MetricsHistory {
  const intervalMs = options.intervalMs ?? 5_000;
  const maxPoints = options.points ?? 720;
  const sampleSize = options.sampleSize ?? 512;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket[]>();

  const bucketFor = (provider: string, t: number): Bucket => {
    let list = buckets.get(provider);
    if (!list) buckets.set(provider, (list = []));
    const last = list[list.length - 1];
    if (last && last.t === t) return last;
    const fresh: Bucket = { t, count: 0, errors: 0, bytesIn: 0, bytesOut: 0, seen: 0, samples: [] };
    list.push(fresh);
    const oldest = t - maxPoints * intervalMs;
    while (list.length > 0 && list[0]!.t <= oldest) list.shift();
    return fresh;
  };
  const add = (bucket: Bucket, event: StoreEvent) => {
    bucket.count++;
    if (event.outcome === 'error') bucket.errors++;
    bucket.bytesIn += event.bytesIn;
    bucket.bytesOut += event.bytesOut;
    bucket.seen++;
    if (bucket.samples.length < sampleSize) bucket.samples.push(event.durationMs);
    else {
      const slot = Math.floor(Math.random() * bucket.seen);
      if (slot < sampleSize) bucket.samples[slot] = event.durationMs;
    }
  };
  const summarise = (list: Bucket[]): Omit<MetricsPoint, 't'> => {
    let count = 0;
    let errors = 0;
    let bytesIn = 0;
    let bytesOut = 0;
    const samples: number[] = [];
    for (const b of list) {
      count += b.count;
      errors += b.errors;
      bytesIn += b.bytesIn;
      bytesOut += b.bytesOut;
      for (const s of b.samples) samples.push(s);
    }
    samples.sort((a, b) => a - b);
    return { count, errors, errorRate: count === 0 ? 0 : errors / count, p50: percentile(samples, 50), p90: percentile(samples, 90), p99: percentile(samples, 99), bytesIn, bytesOut };
  };

  return {
    onEvent(event) {
      const t = Math.floor((event.startedAt + event.durationMs) / intervalMs) * intervalMs;
      add(bucketFor(ALL, t), event);
      add(bucketFor(event.provider, t), event);
    },
    series({ provider = ALL, sinceMs } = {}) {
      const list = buckets.get(provider) ?? [];
      const end = Math.floor(now() / intervalMs) * intervalMs;
      const start = Math.max(end - (maxPoints - 1) * intervalMs, sinceMs === undefined ? end - (maxPoints - 1) * intervalMs : Math.floor(sinceMs / intervalMs) * intervalMs);
      const byTime = new Map(list.map((b) => [b.t, b]));
      // Charts start where the data starts, not an hour of zeros before the first call.
      const first = (buckets.get(ALL) ?? [])[0]?.t;
      const from = first === undefined ? end : Math.max(start, Math.min(first, end));
      const out: MetricsPoint[] = [];
      for (let t = from; t <= end; t += intervalMs) {
        const b = byTime.get(t);
        out.push({ t, ...summarise(b ? [b] : []) });
      }
      return out;
    },
    window(windowMs, provider = ALL) {
      const to = now();
      const from = to - windowMs;
      const list = (buckets.get(provider) ?? []).filter((b) => b.t + intervalMs > from);
      return { from, to, ...summarise(list) };
    },
    providers: () => [...buckets.keys()].filter((p) => p !== ALL).sort(),
  };
}
