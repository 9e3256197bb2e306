import { StorageError, isStorageError } from '@agentmap/storage-core';

/** Any failure as a StorageError; a foreign error becomes `INTERNAL` and is kept only as the cause. */
export function asStorageError(error: unknown, provider = 'ops'): StorageError {
  if (isStorageError(error)) return error;
  // The foreign message may hold anything (a URL with a token): it stays in the cause.
  return new StorageError('INTERNAL', 'An item handler threw something that is not a StorageError; the cause holds it.', { provider, cause: error });
}

/** Settles with `promise`, or rejects with the signal's reason once it fires (even if `promise` never settles). */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : asStorageError(error));
      },
    );
  });
}

/** The reason a signal fired, as a StorageError (`ABORTED` unless it already is one). */
export function abortReason(signal: AbortSignal): StorageError {
  const reason: unknown = signal.reason;
  if (isStorageError(reason)) return reason;
  return new StorageError('ABORTED', 'The run was aborted by its AbortSignal.', { provider: 'ops', cause: reason });
}
