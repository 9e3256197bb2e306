import { StorageError, isStorageError } from '@agentmap/storage-core';
import { abortError, classifyNetworkError, retryAfterMs, sleep } from '@agentmap/storage-core/kit';
import type { DeliveryOptions } from './types';

/** A delivery attempt's outcome that decides whether to try again. */
export class DeliveryFailure extends Error {
  constructor(
    readonly retryable: boolean,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the retries run out: network failures,
 * timeouts and `DeliveryFailure`s marked retryable (408, 429, 5xx) are tried again with
 * exponential backoff and jitter, waiting at least what `Retry-After` asked. The final error is
 * a `StorageError` naming the channel (never its URL or key) and the last status.
 */
export async function deliverWithRetries(channel: string, options: DeliveryOptions, signal: AbortSignal | undefined, attempt: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const retries = options.retries ?? 3;
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  for (let n = 0; ; n++) {
    if (signal?.aborted) throw abortError(signal, channel);
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let failure: DeliveryFailure;
    try {
      await attempt(combined);
      return;
    } catch (error) {
      if (signal?.aborted) throw abortError(signal, channel);
      if (error instanceof DeliveryFailure) failure = error;
      else if (timeout.aborted) failure = new DeliveryFailure(true, `no answer within ${timeoutMs} ms`);
      else if (classifyNetworkError(error)) failure = new DeliveryFailure(true, 'the endpoint could not be reached');
      else if (isStorageError(error)) throw error;
      else failure = new DeliveryFailure(false, error instanceof Error ? error.name : 'an unexpected error');
    }
    if (!failure.retryable || n >= retries) {
      const code = failure.status === 401 ? 'UNAUTHENTICATED' : failure.status === 403 ? 'PERMISSION_DENIED' : failure.retryable ? 'UNAVAILABLE' : 'INVALID_ARGUMENT';
      throw new StorageError(code, `The ${channel} alert channel could not deliver the alert after ${n + 1} attempt${n === 0 ? '' : 's'}: ${failure.message}; check the channel's settings.`, {
        provider: 'alerting',
        retryable: failure.retryable,
        details: { channel, attempts: n + 1, ...(failure.status === undefined ? {} : { status: failure.status }) },
      });
    }
    const backoff = Math.min(cap, base * 2 ** n * (0.5 + Math.random()));
    await sleep(Math.min(cap, Math.max(backoff, failure.retryAfterMs ?? 0)), signal, channel);
  }
}

/**
 * POSTs `body` as JSON to `url` (a secret: it never appears in errors) and turns the answer
 * into success or a `DeliveryFailure`: 2xx succeeds; 408, 429 and 5xx are retryable; other
 * statuses are not. The response body is read (so the connection is reused) but never echoed.
 */
export async function postJson(url: string, body: unknown, signal: AbortSignal, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const status = response.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  throw new DeliveryFailure(retryable, `the endpoint answered ${status}`, retryAfterMs(response.headers.get('retry-after')), status);
}
