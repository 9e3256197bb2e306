import { type StorageResult, failureResult, isStorageError } from '@agentmap/storage-core';

/**
 * Runs a write-side operation. Bad input (`INVALID_ARGUMENT`: unsafe names, refused
 * extensions, sizes, modes) throws, as in every service; any other failure (missing file,
 * a concurrent change, an unavailable backend) comes back as a failed result with its code.
 */
export async function reported(fields: Omit<StorageResult, 'success' | 'error'>, operation: () => Promise<StorageResult>): Promise<StorageResult> {
  try {
    return await operation();
  } catch (error) {
    if (isStorageError(error, 'INVALID_ARGUMENT')) throw error;
    return failureResult(fields, error);
  }
}
