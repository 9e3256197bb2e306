import { markReplayedConflict } from '../errors/outcome-unknown';
import { StorageError, abortError, isStorageError } from '../errors/storage-error';
import type { ObjectStore } from '../spec/object-store';
import type { StoreOperation } from './operation';
import { wrapStore } from './wrap-store';

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Cap of the first backoff in ms. Default 100. */
  minDelayMs?: number;
  /** Largest backoff in ms. Default 5000. */
  maxDelayMs?: number;
  /** Growth of the cap per retry. Default 2. */
  factor?: number;
  /** Full jitter: wait a random time between 0 and the cap (default true). False waits the cap. */
  jitter?: boolean;
  /** Decides whether an error is worth retrying. Default: a `StorageError` with `retryable` set. */
  retryOn?: (error: unknown, attempt: number) => boolean;
  /** Told before each wait, e.g. to log it. */
  onRetry?: (event: RetryEvent) => void;
}

/** What {@link RetryOptions.onRetry} is told. Carries the error code only, never a message or a cause. */
export interface RetryEvent {
  operation: StoreOperation;
  provider: string;
  key: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  code: string | undefined;
}

/** The resolved backoff settings. */
export interface Backoff {
  minDelayMs: number;
  maxDelayMs: number;
  factor: number;
  jitter: boolean;
}

/**
 * The wait before retry number `attempt` (from 1): capped exponential backoff,
 * `min(maxDelayMs, minDelayMs * factor^(attempt-1))`, with full jitter a uniform random
 * time between 0 and that cap.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const cap = Math.min(backoff.maxDelayMs, backoff.minDelayMs * backoff.factor ** Math.max(0, attempt - 1));
  return backoff.jitter ? random() * cap : cap;
}

/** Waits `ms`, rejecting with `ABORTED` as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal, provider?: string): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal, provider));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal, provider));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Retries calls of `store` that fail with a retryable error (`UNAVAILABLE`, `TIMEOUT`, or any
 * `StorageError` whose `retryable` is set), waiting a capped exponential backoff with full
 * jitter between attempts. Other errors (`NOT_FOUND`, `PRECONDITION_FAILED`…) are thrown at
 * once; after the last retry, the last error is thrown as is.
 *
 * A `put` whose body is a Node or Web stream is never retried: its bytes were consumed by the
 * first attempt and cannot be sent again. Pass bytes or a string to make such writes retryable,
 * or retry the whole upload yourself with a fresh stream.
 *
 * The caller's AbortSignal ends the waiting and the retries at once with `ABORTED`. A listing
 * retries the page that failed and resumes after the last entry it handed out.
 */
export function withRetry(store: ObjectStore, options: RetryOptions = {}): ObjectStore {
  const retries = options.retries ?? 3;
  const backoff: Backoff = { minDelayMs: options.minDelayMs ?? 100, maxDelayMs: options.maxDelayMs ?? 5000, factor: options.factor ?? 2, jitter: options.jitter ?? true };
  checkOptions(retries, backoff, store.provider);
  const retryOn = options.retryOn ?? ((error: unknown) => isStorageError(error) && error.retryable);

  return wrapStore(store, async (call, invoke) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await invoke(call.signal);
      } catch (error) {
        // A replayed put refused by its condition may have met its own earlier attempt.
        if (attempt > 1 && call.operation === 'put' && isStorageError(error, 'PRECONDITION_FAILED')) throw markReplayedConflict(error);
        if (attempt > retries || !call.replayable || call.signal?.aborted || !retryOn(error, attempt)) throw error;
        const delayMs = backoffDelay(attempt, backoff);
        options.onRetry?.({
          operation: call.operation,
          provider: store.provider,
          key: call.key,
          attempt,
          delayMs,
          code: isStorageError(error) ? error.code : undefined,
        });
        await sleep(delayMs, call.signal, store.provider);
      }
    }
  });
}

function checkOptions(retries: number, backoff: Backoff, provider: string): void {
  const problems: string[] = [];
  if (!Number.isInteger(retries) || retries < 0) problems.push('retries must be a whole number, 0 or more');
  if (!(backoff.minDelayMs >= 0)) problems.push('minDelayMs must be 0 or more');
  if (!(backoff.maxDelayMs >= backoff.minDelayMs)) problems.push('maxDelayMs must be at least minDelayMs');
  if (!(backoff.factor >= 1)) problems.push('factor must be 1 or more');
  if (problems.length > 0) throw new StorageError('INVALID_ARGUMENT', `withRetry options are invalid: ${problems.join('; ')}.`, { provider });
}
