import { AsyncLocalStorage } from 'node:async_hooks';
import { StorageError, isStorageError } from '@agentmap/storage-core';
import { abortError } from '@agentmap/storage-core/kit';
import { httpError, scrubText, transportError } from '@agentmap/storage-vector';

export const PROVIDER = 'pinecone';

/** What the store is doing in the current async context, for the fetch the client makes. */
export interface CallContext {
  what: string;
  signal: AbortSignal | undefined;
}

export const callContext = new AsyncLocalStorage<CallContext>();

/** The message of a Pinecone error body: `{ error: { message } }` (control plane) or `{ message }` (data plane). */
function serverMessage(text: string): string | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } | string };
    const message = typeof body.error === 'object' && body.error !== null ? body.error.message : (body.message ?? body.error);
    return typeof message === 'string' ? message : text.slice(0, 400);
  } catch {
    return text.slice(0, 400);
  }
}

/**
 * The `fetch` the Pinecone client is given. Every request gets the store's timeout and the
 * caller's AbortSignal; an answer that is not 2xx becomes our StorageError here, where the
 * status and `Retry-After` are still at hand (the client's own errors drop them).
 */
export function createFetch(timeoutMs: number, secrets: readonly string[]): typeof fetch {
  return async (input, init) => {
    const ctx = callContext.getStore();
    const what = ctx?.what ?? 'reach the server';
    if (ctx?.signal?.aborted) throw abortError(ctx.signal, PROVIDER);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = ctx?.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal });
    } catch (error) {
      if (ctx?.signal?.aborted) throw abortError(ctx.signal, PROVIDER);
      if (timeout.aborted) {
        throw new StorageError('TIMEOUT', `pinecone could not ${what}: no answer within ${timeoutMs} ms; retry later or raise timeoutMs.`, { provider: PROVIDER, retryable: true });
      }
      throw transportError(error, PROVIDER, what, secrets);
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    throw httpError({ provider: PROVIDER, what, status: response.status, serverMessage: serverMessage(text), retryAfter: response.headers.get('retry-after'), secrets });
  };
}

/**
 * Maps what a client call threw onto a StorageError. Our own errors (made in the fetch above)
 * are found through the client's wrappers; anything else is reported by its scrubbed message
 * only, never with the client's error as cause (it may carry request headers).
 */
export function mapPineconeError(error: unknown, what: string, secrets: readonly string[]): StorageError {
  let e: unknown = error;
  for (let depth = 0; depth < 6 && e !== undefined && e !== null; depth++) {
    if (isStorageError(e)) return e;
    e = (e as { cause?: unknown }).cause;
  }
  const name = error instanceof Error ? error.name : '';
  const message = scrubText(error instanceof Error ? error.message : String(error), secrets).slice(0, 400);
  if (name === 'PineconeArgumentError') return new StorageError('INVALID_ARGUMENT', `pinecone could not ${what}: ${message}`, { provider: PROVIDER });
  if (name === 'PineconeConnectionError' || name === 'FetchError') return transportError(error, PROVIDER, what, secrets);
  return new StorageError('INTERNAL', `pinecone could not ${what}: ${message}`, { provider: PROVIDER });
}
