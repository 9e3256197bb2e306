import { isStorageError } from '../errors/storage-error';
import type { ObjectInfo } from '../spec/object-info';
import type { GetOptions, GetResult, GetStreamResult, ObjectStore } from '../spec/object-store';
import { type StoreEvent, type StoreMetrics, createStoreMetrics } from './metrics-registry';
import type { Invoke, OperationCall } from './operation';
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

/** The event of a successful call: one object literal per shape, so no spread on the hot path. */
function okEvent(call: OperationCall, result: unknown, provider: string, location: string, startedAt: number, durationMs: number): StoreEvent {
  const { operation, key } = call;
  switch (operation) {
    case 'get':
      return { operation, provider, location, key, bytesIn: 0, bytesOut: (result as GetResult).body.byteLength, durationMs, outcome: 'ok', startedAt };
    case 'getStream': {
      const { info } = result as GetStreamResult;
      const range = (call.options as GetOptions | undefined)?.range;
      const available = range ? Math.max(0, info.size - range.offset) : info.size;
      const bytesOut = range ? Math.min(available, range.length ?? available) : available;
      return { operation, provider, location, key, bytesIn: 0, bytesOut, durationMs, outcome: 'ok', startedAt };
    }
    case 'put':
      return { operation, provider, location, key, bytesIn: (result as ObjectInfo).size, bytesOut: 0, durationMs, outcome: 'ok', startedAt };
    case 'list':
      return { operation, provider, location, key, bytesIn: 0, bytesOut: 0, entries: (result as ListPage).entries.length, durationMs, outcome: 'ok', startedAt };
    default:
      return { operation, provider, location, key, bytesIn: 0, bytesOut: 0, durationMs, outcome: 'ok', startedAt };
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

  // Built without object spread: on Node 20 (V8 11.3) `{ ...base, more }` takes a slow path
  // of several microseconds per call, more than everything else here together.
  const wrapped = wrapStore(store, async <T>(call: OperationCall, invoke: Invoke<T>): Promise<T> => {
    const startedAt = Date.now();
    const start = performance.now();
    let result: T;
    try {
      result = await invoke(call.signal);
    } catch (error) {
      const durationMs = performance.now() - start;
      const code = isStorageError(error) ? error.code : 'UNKNOWN';
      emit({ operation: call.operation, provider: store.provider, location: store.location, key: call.key, bytesIn: 0, bytesOut: 0, durationMs, outcome: 'error', code, startedAt });
      throw error;
    }
    emit(okEvent(call, result, store.provider, store.location, startedAt, performance.now() - start));
    return result;
  });
  return Object.assign(wrapped, { metrics });
}
