import { StorageError, isStorageError } from '@agentmap/storage-core';
import { abortError } from '@agentmap/storage-core/kit';
import { httpError, scrubText, transportError } from '@agentmap/storage-vector';

export const PROVIDER = 'weaviate';

/** The server's own explanation from a Weaviate error body: `{ error: [{ message }] }` or `{ code, message }`. */
export function serverMessageOf(body: string): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: Array<{ message?: unknown }>; message?: unknown };
    const messages = Array.isArray(parsed.error) ? parsed.error.map((e) => e?.message).filter((m): m is string => typeof m === 'string') : [];
    if (messages.length > 0) return messages.join('; ');
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return body.slice(0, 200);
}

/**
 * A failed HTTP answer from Weaviate. Weaviate reports a class that does not exist, a
 * property that does not exist and other schema refusals as 422, which maps onto
 * INVALID_ARGUMENT; `httpError` keeps the server's words, scrubbed of the API key.
 */
export function statusError(status: number, body: string, what: string, retryAfter: string | null, secrets: readonly (string | undefined)[]): StorageError {
  return httpError({ provider: PROVIDER, what, status, serverMessage: serverMessageOf(body), retryAfter, secrets });
}

/** GraphQL errors come back with HTTP 200; a class that is not in the schema is `NOT_FOUND`. */
export function graphqlError(messages: string[], what: string, secrets: readonly (string | undefined)[]): StorageError {
  const said = scrubText(messages.join('; '), secrets).slice(0, 400);
  if (messages.some((m) => /Cannot query field "[^"]+" on type "(Get|Aggregate)ObjectsObj"/.test(m))) {
    return new StorageError('NOT_FOUND', `weaviate could not ${what}: the class is not in the schema (${said}).`, { provider: PROVIDER });
  }
  if (messages.some((m) => /deadline exceeded|timeout|timed out/i.test(m))) {
    return new StorageError('TIMEOUT', `weaviate could not ${what}: ${said}; retry later or raise timeoutMs.`, { provider: PROVIDER });
  }
  return new StorageError('INVALID_ARGUMENT', `weaviate could not ${what}: ${said}.`, { provider: PROVIDER });
}

/** Anything thrown while calling Weaviate, as a StorageError without the original (it may hold headers). */
export function mapFailure(error: unknown, what: string, signal: AbortSignal | undefined, secrets: readonly (string | undefined)[]): StorageError {
  if (isStorageError(error)) return error;
  if (signal?.aborted) return abortError(signal, PROVIDER);
  return transportError(error, PROVIDER, what, secrets);
}
