import { isStorageError } from '../errors/storage-error';
import type { ObjectInfo } from '../spec/object-info';
import type { GetOptions, GetResult, GetStreamResult, ObjectStore } from '../spec/object-store';
import { type StoreEvent, type StoreMetrics, createStoreMetrics } from './metrics-registry';
import type { OperationCall } from './operation';
import type { ListPage } from './paged-list';
import { wrapStore } from './wrap-store';

/** Options of {@link withMetrics}. */
export interface MetricsOptions {
  /** Called after every call (and every `list` page) with what happened. Exceptions it throws are ignored. */
  onEvent?: (event: StoreEvent) => void;
  /** A collector to share between stores; by default each metered store has its own. */
  metrics?: StoreMetrics;
}

/** A store that counts what passes through it. */
export type MeteredStore = ObjectStore & { readonly metrics: StoreMetrics };

/** Bytes a successful call moved: `[in, out, entries]`. */
function transferred(call: OperationCall, result: unknown): [number, number, number | undefined] {
  switch (call.operation) {
    case 'get':
      return [0, (result as GetResult).body.byteLength, undefined];
    case 'getStream': {
      const { info } = result as GetStreamResult;
      const range = (call.options as GetOptions | undefined)?.range;
      if (!range) return [0, info.size, undefined];
      const available = Math.max(0, info.size - range.offset);
      return [0, Math.min(available, range.length ?? available), undefined];
    }
    case 'put':
      return [(result as ObjectInfo).size, 0, undefined];
    case 'list':
      return [0, 0, (result as ListPage).entries.length];
    default:
      return [0, 0, undefined];
  }
}

/**
 * Measures every call of `store`: count, outcome and error code, bytes in (written) and out
 * (read), duration, per operation and provider. `store.metrics.snapshot()` gives totals and
 * p50/p90/p99 durations; `onEvent` receives each call as it finishes. Events carry keys,
 * sizes, times and codes only, never bodies, messages or credentials.
 *
 * ```ts
 * const store = withMetrics(createMemoryStore(), { onEvent: (e) => log.debug(e) });
 * await store.put('a.txt', 'hi');
 * store.metrics.snapshot().providers.memory?.put?.count; // 1
 * ```
 */
export function withMetrics(store: ObjectStore, options: MetricsOptions = {}): MeteredStore {
  const metrics = options.metrics ?? createStoreMetrics();
  const emit = (event: StoreEvent) => {
    metrics.record(event);
    try {
      options.onEvent?.(event);
    } catch {
      // An observer must never break storage.
    }
  };

  const wrapped = wrapStore(store, async (call, invoke) => {
    const startedAt = Date.now();
    const start = performance.now();
    const base = { operation: call.operation, provider: store.provider, location: store.location, key: call.key, startedAt };
    try {
      const result = await invoke(call.signal);
      const [bytesIn, bytesOut, entries] = transferred(call, result);
      emit({ ...base, bytesIn, bytesOut, ...(entries === undefined ? {} : { entries }), durationMs: performance.now() - start, outcome: 'ok' });
      return result;
    } catch (error) {
      emit({ ...base, bytesIn: 0, bytesOut: 0, durationMs: performance.now() - start, outcome: 'error', code: isStorageError(error) ? error.code : 'UNKNOWN' });
      throw error;
    }
  });
  return Object.assign(wrapped, { metrics });
}
