import { isStorageError } from '@agentmap/storage-core';
import { abortError, sleep } from '@agentmap/storage-core/kit';

/** How a remote vector store retries a call that failed in a way worth retrying. */
export interface RetryOptions {
  /** Further attempts after the first (default 3); 0 turns retries off. */
  retries?: number;
  /** First backoff in ms (default 100), doubled per attempt with jitter, capped by `maxDelayMs`. */
  baseDelayMs?: number;
  /** Longest pause between attempts, including a server's `Retry-After` (default 10,000). */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Which provider, for the `ABORTED` error. */
  provider: string;
}

/**
 * Runs `call` again while it fails with a retryable `StorageError` (429, 5xx, timeouts,
 * refused connections), with exponential backoff and jitter, honouring the server's
 * `Retry-After` (in `details.retryAfterMs`, see `httpError`) up to `maxDelayMs`. Only for
 * calls that are safe to repeat: upserts by id, deletes by id, reads and queries.
 */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const retries = options.retries ?? 3;
  const base = options.baseDelayMs ?? 100;
  const cap = options.maxDelayMs ?? 10_000;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw abortError(options.signal, options.provider);
    try {
      return await call(attempt);
    } catch (error) {
      if (!isStorageError(error) || !error.retryable || attempt >= retries) throw error;
      const asked = (error).details?.['retryAfterMs'];
      const backoff = base * 2 ** attempt * (0.5 + Math.random());
      await sleep(Math.min(cap, typeof asked === 'number' ? Math.max(asked, backoff / 4) : backoff), options.signal, options.provider);
    }
  }
}
