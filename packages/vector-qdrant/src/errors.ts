import { StorageError, isStorageError } from '@agentmap/storage-core';
import { httpError, scrubText, transportError } from '@agentmap/storage-vector';

export const PROVIDER = 'qdrant';

/** Qdrant's error body: `{ "status": { "error": "…" }, "time": … }`. */
function serverMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.slice(0, 400) || undefined;
  const error = (data as { status?: { error?: unknown } } | null | undefined)?.status?.error;
  return typeof error === 'string' ? error : undefined;
}

/**
 * Maps what a `@qdrant/js-client-rest` call threw onto a StorageError: HTTP answers by their
 * status (with Qdrant's own explanation and `Retry-After`), everything else as a transport
 * failure. The client's error is never kept as cause: it holds the response and request
 * headers, where the API key travels.
 */
export function mapQdrantError(error: unknown, what: string, secrets: readonly (string | undefined)[]): StorageError {
  if (isStorageError(error)) return error;
  const e = error as { name?: unknown; status?: unknown; data?: unknown; headers?: { get?: (name: string) => string | null }; retry_after?: unknown; message?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400) {
    const retryAfter = typeof e.headers?.get === 'function' ? e.headers.get('retry-after') : null;
    return httpError({ provider: PROVIDER, what, status: e.status, serverMessage: serverMessage(e.data), retryAfter, secrets });
  }
  // The client turns a 429 with Retry-After into its own error, without the status.
  if (e?.name === 'QdrantClientResourceExhaustedError') {
    return httpError({ provider: PROVIDER, what, status: 429, serverMessage: 'too many requests', retryAfter: typeof e.retry_after === 'number' ? String(e.retry_after) : null, secrets });
  }
  if (e?.name === 'QdrantClientUnexpectedResponseError') {
    return new StorageError('INTERNAL', `qdrant could not ${what}: ${scrubText(String(e.message), secrets).split('\n')[0]!.slice(0, 300)}`, { provider: PROVIDER });
  }
  return transportError(error, PROVIDER, what, secrets);
}
