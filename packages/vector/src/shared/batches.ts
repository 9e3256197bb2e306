import { StorageError, isStorageError } from '@agentmap/storage-core';
import { mapLimit } from '@agentmap/storage-core/kit';

/** Splits `items` into consecutive batches of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `write` on batches of at most `maxBatch` records, `concurrency` at a time. When some
 * batches fail, throws one `StorageError` (the first failure's code) whose `details` list
 * `failedIds` and `writtenIds`, so the caller knows exactly what to retry.
 */
export async function writeInBatches<T extends { id: string }>(
  records: readonly T[],
  options: { maxBatch: number; concurrency: number; provider: string; signal?: AbortSignal },
  write: (batch: T[]) => Promise<void>,
): Promise<number> {
  const batches = chunk(records, options.maxBatch);
  const failures: Array<{ batch: T[]; error: unknown }> = [];
  const written: string[] = [];
  await mapLimit(
    batches,
    options.concurrency,
    async (batch) => {
      try {
        await write(batch);
        for (const r of batch) written.push(r.id);
      } catch (error) {
        failures.push({ batch, error });
      }
    },
    options.signal,
  );
  if (failures.length === 0) return records.length;
  const first = failures[0]!.error;
  const failedIds = failures.flatMap((f) => f.batch.map((r) => r.id));
  if (failures.length === batches.length && isStorageError(first)) throw first;
  const code = isStorageError(first) ? first.code : 'INTERNAL';
  throw new StorageError(code, `${failedIds.length} of ${records.length} records were not written (${written.length} were); retry the ids in details.failedIds. First failure: ${first instanceof Error ? first.message : String(first)}`, {
    provider: options.provider,
    cause: first,
    details: { failedIds, writtenIds: written },
  });
}

/**
 * An upper bound on the UTF-8 bytes of `value` as JSON, much cheaper than printing it: 6 bytes
 * per string character (any escape), 25 per number or boolean, and the punctuation. For
 * splitting requests under a size limit; print the value when the exact size matters.
 */
export function jsonBytesBound(value: unknown): number {
  if (typeof value === 'string') return value.length * 6 + 2;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return 25;
  if (Array.isArray(value)) {
    let n = 2;
    for (const item of value) n += jsonBytesBound(item) + 1;
    return n;
  }
  if (typeof value === 'object') {
    let n = 2;
    const object = value as Record<string, unknown>;
    for (const key in object) n += key.length * 6 + 4 + jsonBytesBound(object[key]);
    return n;
  }
  return 25;
}
