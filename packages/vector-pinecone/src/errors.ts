import { StorageError, isStorageError } from '@agentmap/storage-core';
import { httpError, scrubText, transportError } from '@agentmap/storage-vector';

export const PROVIDER = 'pinecone';

/**
 * What the fetch below saw go wrong, before the store knows which operation it was part of:
 * an HTTP answer that is not 2xx, a timeout, or no answer at all.
 */
export class RequestFailure extends Error {
  constructor(
    readonly failure: { kind: 'status'; status: number; serverMessage: string | undefined; retryAfter: string | null } | { kind: 'timeout'; timeoutMs: number } | { kind: 'transport'; error: unknown },
  ) {
    super('pinecone request failed');
    this.name = 'RequestFailure';
  }
}

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
 * The `fetch` the Pinecone client is given. Every request gets the store's timeout (and is
 * cancelled when it passes); an answer that is not 2xx is recorded with its status and
 * `Retry-After` here, where they are still at hand (the client's own errors drop them).
 */
export function createFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal: timeout });
    } catch (error) {
      throw new RequestFailure(timeout.aborted ? { kind: 'timeout', timeoutMs } : { kind: 'transport', error });
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    throw new RequestFailure({ kind: 'status', status: response.status, serverMessage: serverMessage(text), retryAfter: response.headers.get('retry-after') });
  };
}

/**
 * Maps what a client call threw onto a StorageError. The failure recorded by the fetch above
 * is found through the client's wrappers; anything else is reported by its scrubbed message
 * only, never with the client's error as cause (it may carry request headers).
 */
export function mapPineconeError(error: unknown, what: string, secrets: readonly string[]): StorageError {
  let e: unknown = error;
  for (let depth = 0; depth < 6 && e !== undefined && e !== null; depth++) {
    if (isStorageError(e)) return e;
    if (e instanceof RequestFailure) {
      const f = e.failure;
      if (f.kind === 'status') return httpError({ provider: PROVIDER, what, status: f.status, serverMessage: f.serverMessage, retryAfter: f.retryAfter, secrets });
      if (f.kind === 'timeout') {
        return new StorageError('TIMEOUT', `pinecone could not ${what}: no answer within ${f.timeoutMs} ms; retry later or raise timeoutMs.`, { provider: PROVIDER, retryable: true });
      }
      return transportError(f.error, PROVIDER, what, secrets);
    }
    e = (e as { cause?: unknown }).cause;
  }
  const name = error instanceof Error ? error.name : '';
  const message = scrubText(error instanceof Error ? error.message : String(error), secrets).slice(0, 400);
  if (name === 'PineconeArgumentError') return new StorageError('INVALID_ARGUMENT', `pinecone could not ${what}: ${message}`, { provider: PROVIDER });
  if (name === 'PineconeConnectionError' || name === 'FetchError') return transportError(error, PROVIDER, what, secrets);
  return new StorageError('INTERNAL', `pinecone could not ${what}: ${message}`, { provider: PROVIDER });
}
