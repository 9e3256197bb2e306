import type { ErrorCode } from '../errors/codes';
import { isStorageError } from '../errors/storage-error';
import type { StorageResult } from '../spec/service';
import { failureResult } from './result';

/** What a service does with a failure of one code: report it in the result, or throw. */
export type FailureOutcome = 'result' | 'throw';

/**
 * The one failure policy of every service: **the result says what happened to the data; an
 * exception says the call could not be carried out.** Outcomes of the data's state are
 * reported in `{ success: false, error }`; everything else throws.
 */
export const FAILURE_POLICY: Readonly<Record<ErrorCode, FailureOutcome>> = Object.freeze({
  NOT_FOUND: 'result',
  ALREADY_EXISTS: 'result',
  PRECONDITION_FAILED: 'result',
  INVALID_ARGUMENT: 'throw',
  PERMISSION_DENIED: 'throw',
  UNAUTHENTICATED: 'throw',
  UNAVAILABLE: 'throw',
  TIMEOUT: 'throw',
  UNSUPPORTED: 'throw',
  CORRUPT_DATA: 'throw',
  ABORTED: 'throw',
  INTERNAL: 'throw',
});

/** How {@link FAILURE_POLICY} treats `error`: anything that is not a `StorageError` throws. */
export function failureOutcome(error: unknown): FailureOutcome {
  return isStorageError(error) ? FAILURE_POLICY[error.code] : 'throw';
}

/**
 * Applies {@link FAILURE_POLICY} to a failure of a write or delete: returns the failed result
 * for outcomes of the data's state, rethrows everything else (a bug that is not a
 * `StorageError` is rethrown as it is).
 */
export function settleFailure<T = unknown>(fields: Omit<StorageResult, 'success' | 'error'>, error: unknown): StorageResult<T> {
  if (failureOutcome(error) === 'result') return failureResult(fields, error) as StorageResult<T>;
  throw error;
}

/** Runs a write or delete and settles its failure by {@link FAILURE_POLICY}. */
export async function settleWrite<T>(fields: Omit<StorageResult, 'success' | 'error'>, run: () => Promise<StorageResult<T>>): Promise<StorageResult<T>> {
  try {
    return await run();
  } catch (error) {
    return settleFailure<T>(fields, error);
  }
}

