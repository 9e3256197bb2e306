import {
  type MeteredStore,
  type ObjectStore,
  type StorageConfig,
  createStorageRouter,
  withConcurrencyLimit,
  withMetrics,
  withRetry,
  withTimeout,
} from '@agentmap/storage-core';
import { createCsvStorage } from '@agentmap/storage-csv';
import { createFileStorage } from '@agentmap/storage-file';
import { createJsonStorage } from '@agentmap/storage-json';

/** The layers every store of the demo gets, outermost first: metrics see retries as one call. */
export function layered(store: ObjectStore): MeteredStore {
  return withMetrics(withRetry(withTimeout(withConcurrencyLimit(store, { maxConcurrent: 16 }), { timeoutMs: 10_000 }), { retries: 3 }));
}

/** One router for every service (each places its names by its own section), wrapping its stores in the demo's layers. */
export function createStack(config: StorageConfig) {
  const metered: MeteredStore[] = [];
  const wrap = (store: ObjectStore) => {
    const m = layered(store);
    metered.push(m);
    return m;
  };
  const router = createStorageRouter({ config, wrap });
  return {
    metered,
    router,
    json: createJsonStorage({ router }),
    csv: createCsvStorage({ router }),
    files: createFileStorage({ router }),
    close: () => router.close(),
  };
}
