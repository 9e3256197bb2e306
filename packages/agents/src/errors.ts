import { StorageError, isStorageError, type ErrorCode } from '@agentmap/storage-core';

/** The `provider` every error of this package reports. */
export const PROVIDER = 'agents';

/** A bad graph, context or agent input: `INVALID_ARGUMENT` from the agents package. */
export function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider: PROVIDER });
}

/** Any thrown value as a StorageError (user agents may throw anything). */
export function asStorageError(error: unknown): StorageError {
  if (isStorageError(error)) return error;
  if (error instanceof Error) return new StorageError('INTERNAL', error.message, { provider: PROVIDER, cause: error });
  return new StorageError('INTERNAL', `An agent threw ${typeof error === 'string' ? JSON.stringify(error) : 'a non-Error value'}.`, { provider: PROVIDER });
}

/** A failed StorageResult turned into the error that takes the failure edge. */
export function resultError(code: ErrorCode, message: string): StorageError {
  return new StorageError(code, message, { provider: PROVIDER });
}
