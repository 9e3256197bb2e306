import { AsyncLocalStorage } from 'node:async_hooks';
import { StorageError } from '@agentmap/storage-core';
import { abortError } from '@agentmap/storage-core/kit';
import { httpError, transportError, withRetries } from '@agentmap/storage-vector';
import { mapChromaError } from './errors';
import type { ChromaClient } from 'chromadb';

export const PROVIDER = 'chroma';

/** The part of the chromadb client's HTTP client (hey-api client-fetch) this package uses. */
export interface ChromaHttp {
  setConfig(config: { fetch: (request: Request) => Promise<Response>; bodySerializer?: (body: unknown) => string }): unknown;
  get<T = unknown>(options: { url: string; path?: Record<string, string>; query?: Record<string, unknown> }): Promise<{ data: T }>;
  post<T = unknown>(options: { url: string; path?: Record<string, string>; body?: unknown }): Promise<{ data: T }>;
}

interface Call {
  what: string;
  signal: AbortSignal | undefined;
}

export interface Transport {
  /** The client's HTTP client, for the two routes its typed methods cannot serve (see the store). */
  http: ChromaHttp;
  /**
   * Runs one Chroma call: its requests get the timeout and the caller's AbortSignal, failures
   * become StorageErrors (statuses through `httpError`, no answer through `transportError`),
   * and retryable failures are retried with backoff, honouring Retry-After.
   */
  run<T>(what: string, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T>;
}

/**
 * Takes over the chromadb client's HTTP layer. The client (3.5.0) sends every request through
 * a fetch function that turns statuses into its own error classes and drops the response
 * (status, Retry-After, the server's message) and offers no per-request timeout or
 * AbortSignal. Its HTTP client is its private `apiClient`; this installs our fetch there so
 * each request carries the timeout and signal of the call it belongs to (found through
 * AsyncLocalStorage) and fails with a StorageError that never holds the request headers.
 * The chromadb version is pinned exactly; a test checks the hook is in place.
 */
export function attachTransport(client: ChromaClient, options: { timeoutMs: number; retries: number; secrets: readonly string[] }): Transport {
  const http = (client as unknown as { apiClient?: ChromaHttp }).apiClient;
  if (!http || typeof http.setConfig !== 'function' || typeof http.post !== 'function') {
    throw new StorageError('INTERNAL', 'This chromadb client does not expose the HTTP client this package drives; install chromadb 3.5.0 as @agentmap/storage-vector-chroma declares.', {
      provider: PROVIDER,
    });
  }
  const calls = new AsyncLocalStorage<Call>();
  const secrets = options.secrets;

  // The client serializes a body and then, in the same synchronous step, builds a Request and
  // hands it to our fetch. Sending that Request again with our signal would make fetch pipe its
  // body through another stream; sending the serialized text itself avoids that. The client's
  // own serializer runs a replacer over every number (for BigInt, which these bodies never hold).
  let serialized: string | undefined;
  http.setConfig({
    bodySerializer: (body: unknown) => (serialized = JSON.stringify(body)),
    fetch: async (request: Request): Promise<Response> => {
      const text = request.body === null ? undefined : serialized;
      serialized = undefined;
      const call = calls.getStore();
      const what = call?.what ?? 'reach the server';
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = call?.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
      let response: Response;
      try {
        response =
          request.body === null || text !== undefined
            ? await fetch(request.url, { method: request.method, headers: request.headers, ...(text === undefined ? {} : { body: text }), signal })
            : await fetch(request, { signal });
      } catch (error) {
        if (call?.signal?.aborted) throw abortError(call.signal, PROVIDER);
        if (timeout.aborted) {
          throw new StorageError('TIMEOUT', `${PROVIDER} could not ${what}: no answer in ${options.timeoutMs} ms; retry later or raise timeoutMs.`, { provider: PROVIDER });
        }
        throw transportError(error, PROVIDER, what, secrets);
      }
      if (response.ok) return response;
      const body = await response.text().catch(() => '');
      throw httpError({ provider: PROVIDER, what, status: response.status, serverMessage: serverMessage(body), retryAfter: response.headers.get('retry-after'), secrets });
    },
  });

  return {
    http,
    run: (what, signal, call) =>
      withRetries(
        () =>
          calls.run({ what, signal }, () =>
            call().catch((error: unknown) => {
              throw mapChromaError(error, PROVIDER, what, secrets);
            }),
          ),
        { retries: options.retries, provider: PROVIDER, ...(signal ? { signal } : {}) },
      ),
  };
}

/** Chroma answers errors as `{ "error": "NotFoundError", "message": "…" }`. */
function serverMessage(body: string): string | undefined {
  if (body.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: keep the text
  }
  return body.slice(0, 400);
}
