import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay } from '@agentmap/storage-core';
import { abortError } from '@agentmap/storage-core/kit';
import { PROVIDER, isTransient } from './errors';

/** How the requests of one call are retried: the store's `retries` and backoff, the caller's signal. */
export interface RequestRetry {
  /** Retries of a failed request after its first attempt. */
  retries: number;
  /** Cap of the first backoff, in ms. */
  minDelayMs: number;
  /** Milliseconds one attempt may take, when limited. */
  timeoutMs: number | undefined;
  signal: AbortSignal | undefined;
}

/** Largest wait between two attempts, in ms. */
const MAX_DELAY_MS = 5000;

/** Waits the backoff (capped exponential, full jitter) before retry `attempt`, or rejects with `ABORTED`. */
export async function pause(attempt: number, retry: RequestRetry): Promise<void> {
  const ms = backoffDelay(attempt, { minDelayMs: retry.minDelayMs, maxDelayMs: MAX_DELAY_MS, factor: 2, jitter: true });
  try {
    await delay(ms, undefined, retry.signal ? { signal: retry.signal } : undefined);
  } catch {
    throw abortError(retry.signal, PROVIDER);
  }
}

/**
 * Runs one request, repeating it after a transient failure (a refused or broken connection,
 * a timeout, 5xx, 429, 408) up to `retries` times with backoff. Only for requests that are
 * safe to repeat as they are; `retryOn` narrows that further. The last failure is thrown as
 * the SDK gave it, for the caller to map.
 */
export async function requestWithRetries<T>(retry: RequestRetry, request: () => Promise<T>, retryOn: (error: unknown) => boolean = isTransient): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (retry.signal?.aborted) throw abortError(retry.signal, PROVIDER);
      if (attempt > retry.retries || !retryOn(error)) throw error;
      await pause(attempt, retry);
    }
  }
}
