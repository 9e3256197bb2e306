import { StorageError, isStorageError } from '../errors/storage-error';
import type { StorageResult } from '../spec/service';

/** A successful result; `totalAffected` defaults to the sum of the row counts given. */
export function successResult<T>(fields: Omit<StorageResult<T>, 'success'>): StorageResult<T> {
  const total = fields.totalAffected ?? (fields.rowsWritten ?? 0) + (fields.rowsUpdated ?? 0) + (fields.rowsAdded ?? 0) + (fields.rowsDeleted ?? 0);
  return { success: true, ...fields, totalAffected: total };
}

/** A failed result carrying the error's code and message (never its cause). */
export function failureResult(fields: Omit<StorageResult, 'success' | 'error'>, error: unknown): StorageResult {
  const e =
    isStorageError(error)
      ? error
      : new StorageError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
  return { success: false, ...fields, error: { code: e.code, message: e.message }, message: e.message };
}
