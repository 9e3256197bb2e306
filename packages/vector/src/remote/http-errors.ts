import { type ErrorCode, StorageError, isStorageError } from '@agentmap/storage-core';
import { classifyNetworkError, retryAfterMs, scrubText } from '@agentmap/storage-core/kit';

export { retryAfterMs, scrubText };

/** What a remote vector database answered, as the provider package saw it. */
export interface HttpFailure {
  /** `qdrant`, `pinecone`, `weaviate`, `chroma`… */
  provider: string;
  /** What we were doing, for the message: `upsert into "kb"`. */
  what: string;
  /** HTTP status; 0 when the request never got an answer. */
  status: number;
  /** The server's own explanation (its error body), when it gave one. */
  serverMessage?: string;
  /** The `Retry-After` header, when the server sent one. */
  retryAfter?: string | null;
  /** Strings that must never appear in the error (API keys, tokens). */
  secrets?: readonly (string | undefined)[];
}

/** The code a status maps onto. 429 and 5xx are retryable; 409 means the thing already exists. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 400 || status === 413 || status === 422) return 'INVALID_ARGUMENT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'ALREADY_EXISTS';
  if (status === 412) return 'PRECONDITION_FAILED';
  if (status === 408 || status === 504) return 'TIMEOUT';
  if (status === 429 || status >= 500) return 'UNAVAILABLE';
  return 'INTERNAL';
}

const NEXT_STEP: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: 'check the API key',
  PERMISSION_DENIED: "check the key's access to this index or collection",
  NOT_FOUND: 'check the index or collection name',
  INVALID_ARGUMENT: 'check the request (dimensions, ids, filter)',
  UNAVAILABLE: 'retry later',
  TIMEOUT: 'retry later or raise timeoutMs',
};

/**
 * The StorageError for a failed HTTP call to a vector database. It carries no `cause`: client
 * libraries keep request headers (API keys) on their errors. The status, and `retryAfterMs`
 * when the server asked for a pause, are in `details`.
 */
export function httpError(failure: HttpFailure): StorageError {
  const code = codeForStatus(failure.status);
  const said = failure.serverMessage ? `: ${scrubText(failure.serverMessage, failure.secrets).slice(0, 400)}` : '';
  const next = NEXT_STEP[code];
  const wait = retryAfterMs(failure.retryAfter);
  return new StorageError(code, `${failure.provider} could not ${failure.what}: the server answered ${failure.status}${said}${next ? `; ${next}` : ''}.`, {
    provider: failure.provider,
    retryable: failure.status === 408 || failure.status === 429 || failure.status >= 500,
    details: { status: failure.status, ...(wait === undefined ? {} : { retryAfterMs: wait }) },
  });
}

/**
 * The StorageError for a call that got no HTTP answer: refused or reset connections and DNS
 * failures are `UNAVAILABLE`, timeouts `TIMEOUT`, anything else `INTERNAL` — all without the
 * original error as cause (it may hold request headers), its message scrubbed.
 */
export function transportError(error: unknown, provider: string, what: string, secrets: readonly (string | undefined)[] = []): StorageError {
  if (isStorageError(error)) return error;
  const network = classifyNetworkError(error);
  const message = scrubText(error instanceof Error ? error.message : String(error), secrets).slice(0, 300);
  if (network === 'timeout') {
    return new StorageError('TIMEOUT', `${provider} could not ${what}: no answer in time (${message}); retry later or raise timeoutMs.`, { provider });
  }
  if (network === 'network' || (error instanceof Error && error.name === 'TypeError' && /fetch failed/i.test(error.message))) {
    return new StorageError('UNAVAILABLE', `${provider} could not ${what}: the server is unreachable (${message}); check the URL and that the server is running.`, { provider });
  }
  return new StorageError('INTERNAL', `${provider} could not ${what}: ${message}`, { provider });
}
