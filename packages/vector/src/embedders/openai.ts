import { StorageError, isStorageError, type ErrorCode } from '@agentmap/storage-core';
import { validateOptions } from '@agentmap/storage-core/kit';
import OpenAI from 'openai';
import type { Embedder } from '../spec/embedder';
import { checkEmbeddings, checkTexts } from './check-output';

export interface OpenAIEmbedderOptions {
  /** The embedding model, e.g. `text-embedding-3-small` (Ollama: `nomic-embed-text`). */
  model: string;
  /** Defaults to `OPENAI_API_KEY` as the SDK reads it; servers without auth (Ollama, vLLM) take any string. */
  apiKey?: string;
  /** Any OpenAI-compatible server: Azure OpenAI's `/openai/v1/`, Ollama's `http://127.0.0.1:11434/v1`, vLLM. */
  baseURL?: string;
  organization?: string;
  /** Asks models that can shorten their vectors (text-embedding-3-*) for this length; also checked on every answer. */
  dimensions?: number;
  /** Texts per request (default 2048, OpenAI's limit). */
  maxBatch?: number;
  /** Milliseconds per request (default 60,000). */
  timeoutMs?: number;
  /** Retries of a failed request (default 2), by the SDK with backoff. */
  retries?: number;
  headers?: Record<string, string>;
  /** A ready client instead (for example an `AzureOpenAI`); then the connection options above are not allowed. */
  client?: OpenAI;
}

const CONNECTION = ['apiKey', 'baseURL', 'organization', 'timeoutMs', 'retries', 'headers'] as const;

/**
 * An embedder on OpenAI's `/v1/embeddings` API through the official `openai` SDK, so
 * OpenAI, Azure OpenAI, Ollama, vLLM and any compatible server work with `baseURL`.
 * Failures are `StorageError`s (401 `UNAUTHENTICATED`, 429 and 5xx `UNAVAILABLE`…); no
 * message or cause carries the API key.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const given: unknown = options;
  validateOptions(given, ['model', 'dimensions', 'maxBatch', 'client', ...CONNECTION], 'createOpenAIEmbedder', { provider: 'openai' });
  if (typeof options.model !== 'string' || options.model.length === 0) {
    throw new StorageError('INVALID_ARGUMENT', 'createOpenAIEmbedder needs { model }, e.g. "text-embedding-3-small".', { provider: 'openai' });
  }
  if (options.client && CONNECTION.some((key) => options[key] !== undefined)) {
    throw new StorageError('INVALID_ARGUMENT', `createOpenAIEmbedder: give either { client } or the connection options (${CONNECTION.join(', ')}), not both.`, { provider: 'openai' });
  }
  const maxBatch = options.maxBatch ?? 2048;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new StorageError('INVALID_ARGUMENT', 'createOpenAIEmbedder: maxBatch must be a whole number of at least 1.', { provider: 'openai' });
  if (options.dimensions !== undefined && (!Number.isInteger(options.dimensions) || options.dimensions < 1)) {
    throw new StorageError('INVALID_ARGUMENT', 'createOpenAIEmbedder: dimensions must be a whole number of at least 1.', { provider: 'openai' });
  }
  const secret = options.apiKey;
  const client =
    options.client ??
    new OpenAI({
      // The SDK throws at construction without a key; servers that need none still get a placeholder.
      apiKey: options.apiKey ?? process.env.OPENAI_API_KEY ?? 'not-needed',
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      ...(options.organization === undefined ? {} : { organization: options.organization }),
      ...(options.headers === undefined ? {} : { defaultHeaders: options.headers }),
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: options.retries ?? 2,
    });
  const model = options.model;
  let dimensions = options.dimensions;
  return {
    model,
    get dimensions() {
      return dimensions;
    },
    maxBatch,
    async embed(texts, call = {}) {
      const list = checkTexts(texts, 'openai');
      const out: number[][] = [];
      for (let i = 0; i < list.length; i += maxBatch) {
        const batch = list.slice(i, i + maxBatch);
        if (batch.some((t) => t.length === 0)) throw new StorageError('INVALID_ARGUMENT', 'An empty text cannot be embedded; leave it out or give the record a vector.', { provider: 'openai' });
        let response: OpenAI.Embeddings.CreateEmbeddingResponse;
        try {
          response = await client.embeddings.create(
            { model, input: batch, encoding_format: 'float', ...(options.dimensions === undefined ? {} : { dimensions: options.dimensions }) },
            { signal: call.signal },
          );
        } catch (error) {
          throw mapOpenAIError(error, secret ?? process.env.OPENAI_API_KEY);
        }
        const data = Array.isArray(response?.data) ? [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding) : undefined;
        const vectors = checkEmbeddings(data, batch.length, model, dimensions);
        dimensions ??= vectors[0]?.length;
        out.push(...vectors);
      }
      return out;
    },
  };
}

/** Maps the SDK's errors onto StorageError; the cause keeps only the status, never headers or bodies that may echo a key. */
export function mapOpenAIError(error: unknown, secret?: string): StorageError {
  const redact = (text: string) => {
    let out = secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
    out = out.replace(/\b(sk|key)-[A-Za-z0-9_*-]{4,}/g, '[redacted]');
    return out.slice(0, 500);
  };
  if (error instanceof OpenAI.APIUserAbortError) return new StorageError('ABORTED', 'The embedding request was aborted by its AbortSignal.', { provider: 'openai' });
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new StorageError('TIMEOUT', 'The embedding server did not answer in time; raise timeoutMs or check the server.', { provider: 'openai' });
  if (error instanceof OpenAI.APIConnectionError) return new StorageError('UNAVAILABLE', 'Could not reach the embedding server; check baseURL and that the server is running.', { provider: 'openai' });
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const code: ErrorCode =
      status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'PERMISSION_DENIED' : status === 400 || status === 404 || status === 422 ? 'INVALID_ARGUMENT' : status === 408 ? 'TIMEOUT' : 'UNAVAILABLE';
    const hint =
      code === 'UNAUTHENTICATED' ? 'check the API key' : code === 'PERMISSION_DENIED' ? 'check the key\'s access to this model' : code === 'INVALID_ARGUMENT' ? 'check the model name and the texts' : 'retry later';
    return new StorageError(code, `The embedding server answered ${status}: ${redact(error.message)}; ${hint}.`, {
      provider: 'openai',
      retryable: status === 429 || status >= 500 || status === 408,
      details: { status },
    });
  }
  if (isStorageError(error)) return error;
  return new StorageError('INTERNAL', `Embedding failed: ${redact(error instanceof Error ? error.message : String(error))}`, { provider: 'openai' });
}
