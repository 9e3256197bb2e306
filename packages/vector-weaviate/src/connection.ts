import { StorageError } from '@agentmap/storage-core';
import { requestDeadline, withRetries } from '@agentmap/storage-vector';
import type { GraphQLGetter } from 'weaviate-ts-client';
import { PROVIDER, graphqlError, mapFailure, statusError } from './errors';

/** What the client's request builders call on their connection. */
export type ClientConnection = ConstructorParameters<typeof GraphQLGetter>[0];

export interface WeaviateHttpOptions {
  /** `https://host:port`, without a path. */
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  retries: number;
}

/**
 * Sends the requests weaviate-ts-client's builders make. The client's own connection calls the
 * global `fetch` with no timeout, no AbortSignal and no view of response headers; the builders
 * (`GraphQLGetter`, `ObjectsBatcher`, `ClassCreator`…) are exported and take any connection,
 * so they get this one: each request has a deadline and the caller's signal, a 429 or 5xx is
 * retried with backoff honouring `Retry-After`, and the API key never reaches an error.
 */
export class WeaviateHttp {
  private readonly secrets: readonly (string | undefined)[];

  constructor(private readonly options: WeaviateHttpOptions) {
    this.secrets = [options.apiKey];
  }

  /** One request with retries; the parsed JSON answer, or undefined for an empty one. */
  async send(method: string, path: string, payload: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
    return withRetries(() => this.once(method, path, payload, what, signal), { retries: this.options.retries, provider: PROVIDER, ...(signal ? { signal } : {}) });
  }

  private async once(method: string, path: string, payload: unknown, what: string, signal: AbortSignal | undefined): Promise<unknown> {
    const deadline = requestDeadline(this.options.timeoutMs, signal);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await fetch(`${this.options.baseUrl}/v1${path}`, { method, headers, body: payload === undefined ? null : JSON.stringify(payload), signal: deadline.signal });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (error) {
      if (deadline.timedOut && !signal?.aborted) {
        throw new StorageError('TIMEOUT', `weaviate could not ${what}: no answer within ${this.options.timeoutMs} ms; retry later or raise timeoutMs.`, { provider: PROVIDER });
      }
      throw mapFailure(error, what, signal, this.secrets);
    } finally {
      deadline.done();
    }
    if (status >= 400) throw statusError(status, text, what, retryAfter, this.secrets);
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new StorageError('UNAVAILABLE', `weaviate could not ${what}: the answer was not JSON (status ${status}); check that the URL points at Weaviate.`, { provider: PROVIDER });
    }
  }

  /** A GraphQL query; GraphQL errors (sent with HTTP 200) become StorageErrors. */
  async query(query: string, what: string, signal?: AbortSignal): Promise<{ data: unknown }> {
    let answer: { data?: unknown; errors?: Array<{ message?: unknown }> } | undefined;
    try {
      answer = (await this.send('POST', '/graphql', { query }, what, signal)) as typeof answer;
    } catch (error) {
      const status = error instanceof StorageError ? error.details?.['status'] : undefined;
      // Weaviate has deprecated GraphQL; a server with it switched off has no /v1/graphql route.
      if (status === 404 || status === 405 || status === 501) {
        throw new StorageError('UNSUPPORTED', `weaviate could not ${what}: this server answers ${status} on /v1/graphql, so its GraphQL API is switched off (new Weaviate Cloud clusters have it off); searches, counts and reads need it. Switch GraphQL on for this cluster.`, {
          provider: PROVIDER,
          details: { status },
        });
      }
      throw error;
    }
    const errors = (answer?.errors ?? []).map((e) => (typeof e?.message === 'string' ? e.message : JSON.stringify(e)));
    if (errors.length > 0) throw graphqlError(errors, what, this.secrets);
    return { data: answer?.data };
  }

  /** A connection for the client's request builders, bound to one operation's description and signal. */
  connection(what: string, signal?: AbortSignal): ClientConnection {
    const send = (method: string) => (path: string, payload?: unknown) => this.send(method, path, payload, what, signal);
    const connection = {
      host: this.options.baseUrl,
      post: send('POST'),
      put: send('PUT'),
      patch: send('PATCH'),
      delete: send('DELETE'),
      head: send('HEAD'),
      get: (path: string) => this.send('GET', path, undefined, what, signal),
      query: (query: string) => this.query(query, what, signal),
      login: () => Promise.resolve(''),
    };
    return connection as unknown as ClientConnection;
  }
}
