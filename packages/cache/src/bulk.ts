import { StorageError } from '@agentmap/storage-core';
import type { Cache, SetOptions } from './types';

/** Options of {@link bulkRead}. */
export interface BulkReadOptions extends SetOptions {
  /** Most keys handed to `fetchMissing` at once. Default 100. */
  batchSize?: number;
}

/**
 * The guide's bulk-operation cache: reads `keys` with one `getMany` (one round trip per level
 * that supports it), fetches the misses in batches, stores them with one `setMany` per batch,
 * and returns every value by key. `fetchMissing` returns what it found; keys it leaves out stay
 * missing and are not cached.
 */
export async function bulkRead<T>(
  cache: Cache,
  keys: string[],
  fetchMissing: (keys: string[]) => Promise<Record<string, T> | Map<string, T>>,
  options: BulkReadOptions = {},
): Promise<Map<string, T>> {
  const batchSize = options.batchSize ?? 100;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new StorageError('INVALID_ARGUMENT', `bulkRead: batchSize must be a whole number ≥ 1; got ${String(batchSize)}.`, { provider: 'cache' });
  }
  const unique = [...new Set(keys)];
  const cached = await cache.getMany<T>(unique);
  const out = new Map<string, T>();
  const missing: string[] = [];
  unique.forEach((key, i) => (cached[i] === undefined ? missing.push(key) : out.set(key, cached[i])));
  for (let i = 0; i < missing.length; i += batchSize) {
    const batch = missing.slice(i, i + batchSize);
    const found = await fetchMissing(batch);
    const entries = (found instanceof Map ? [...found] : Object.entries(found)).filter(([key, value]) => batch.includes(key) && value !== undefined);
    await cache.setMany(entries.map(([key, value]) => ({ key, value, ...(options.ttl === undefined ? {} : { ttl: options.ttl }) })));
    for (const [key, value] of entries) out.set(key, value);
  }
  return out;
}
