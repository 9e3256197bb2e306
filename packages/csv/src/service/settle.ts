import { type StorageResult, failureResult, isStorageError } from '@agentmap/storage-core';

/** Codes a write or delete throws instead of reporting: the caller must change the call or the file. */
const THROWN = new Set(['INVALID_ARGUMENT', 'CORRUPT_DATA', 'ABORTED']);

/**
 * Runs a write or delete and turns store failures (unavailable, permission denied, still
 * contended after every attempt…) into a failed `StorageResult` an agent can route on.
 * Invalid input, a corrupt file and an abort still throw; so do bugs (non-StorageErrors).
 */
export async function settle<T>(fields: Omit<StorageResult, 'success' | 'error'>, run: () => Promise<StorageResult<T>>): Promise<StorageResult<T>> {
  try {
    return await run();
  } catch (error) {
    if (!isStorageError(error) || THROWN.has(error.code)) throw error;
    return failureResult(fields, error) as StorageResult<T>;
  }
}
