import { abortError } from '../errors/storage-error';

/**
 * Settles with `promise`, or rejects with `ABORTED` as soon as `signal` fires, for calls that
 * take no signal themselves (an SDK call, a shared in-flight load): the work goes on, its
 * answer is dropped. Without a signal it is `promise` itself.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, provider: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // The dropped answer must not surface as an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal, provider));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, provider));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
