import { StorageError, abortError } from '../errors/storage-error';
import type { ObjectStore } from '../spec/object-store';
import type { Invoke, OperationCall } from './operation';
import { wrapStore } from './wrap-store';

/** Options of {@link withTimeout}. */
export interface TimeoutOptions {
  /** Milliseconds each call may take before it fails with `TIMEOUT`. */
  timeoutMs: number;
}

/**
 * Gives every call of `store` a deadline. When it passes, the inner call is aborted through
 * an AbortSignal combined with the caller's, and the call rejects with code `TIMEOUT`
 * (retryable, so `withRetry` around this layer tries again) at once, even if the backend
 * ignores the signal. The deadline covers the whole call, including the upload of a streamed
 * `put` body; for `getStream` it covers opening the stream, not reading it; for `list`, each
 * page fetch. A caller's own abort still rejects with `ABORTED`.
 */
export function withTimeout(store: ObjectStore, options: TimeoutOptions): ObjectStore {
  const ms = options?.timeoutMs;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new StorageError('INVALID_ARGUMENT', `withTimeout needs { timeoutMs } as a positive number of milliseconds; got ${JSON.stringify(ms)}.`, {
      provider: store.provider,
    });
  }
  return wrapStore(store, (call, invoke) => runWithDeadline(call, invoke, ms, store));
}

function runWithDeadline<T>(call: OperationCall, invoke: Invoke<T>, ms: number, store: ObjectStore): Promise<T> {
  const provider = store.provider;
  if (call.signal?.aborted) return Promise.reject(abortError(call.signal, provider));
  const deadline = new AbortController();
  const signal = call.signal ? AbortSignal.any([call.signal, deadline.signal]) : deadline.signal;

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onCallerAbort);
      action();
    };
    const timer = setTimeout(() => {
      const error = new StorageError(
        'TIMEOUT',
        `${call.operation} of "${call.key}" on ${store.location} did not finish within ${ms} ms: raise timeoutMs, or check that the backend is reachable and not overloaded.`,
        { provider, key: call.key },
      );
      deadline.abort(error);
      settle(() => reject(error));
    }, ms);
    const onCallerAbort = () => settle(() => reject(abortError(call.signal, provider)));
    call.signal?.addEventListener('abort', onCallerAbort, { once: true });
    invoke(signal).then(
      (value) => settle(() => resolve(value)),
      (error: Error) => settle(() => reject(error)),
    );
  });
}
