import { StorageError } from '@agentmap/storage-core';
import { configReaders } from '@agentmap/storage-core/kit';
import { defineVectorProvider } from '@agentmap/storage-vector';
import { z } from 'zod';
import { createChromaVectorStore } from './chroma-store';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * `vector: { provider: chroma, options: { url, tenant?, database?, collection_metadata?, headers?, string_ranges?, … } }`.
 * The guide's `client_settings.chroma_api_url` (or `chroma_server_host` and
 * `chroma_server_http_port`) is read as the url. `persist_directory` (Python's embedded Chroma)
 * and `embedding_function` have no meaning here and are refused with what to do instead.
 */
export const chromaVectorProvider = defineVectorProvider({
  provider: 'chroma',
  package: '@agentmap/storage-vector-chroma',
  configSchema: z
    .strictObject({
      url: configReaders.text('the Chroma server URL, such as http://localhost:8000').optional(),
      client_settings: z
        .strictObject({
          chroma_api_url: configReaders.text('the Chroma server URL').optional(),
          chroma_server_host: configReaders.text('a host name').optional(),
          chroma_server_http_port: configReaders.wholeNumber('a port number', 1).optional(),
          chroma_server_ssl_enabled: z.boolean({ error: 'expected true or false' }).optional(),
        })
        .optional(),
      tenant: configReaders.text('a tenant name').optional(),
      database: configReaders.text('a database name').optional(),
      collection_metadata: z.record(z.string(), scalar, { error: 'expected a mapping such as {"hnsw:space": "cosine"}' }).optional(),
      headers: z.record(z.string(), z.string(), { error: 'expected a mapping of header names to values' }).optional(),
      metric: z.enum(['cosine', 'dot', 'euclidean'], { error: 'expected cosine, dot or euclidean' }).optional(),
      timeout_ms: configReaders.wholeNumber('milliseconds: a whole number, 1 or more', 1).optional(),
      retries: configReaders.wholeNumber('a whole number, 0 or more', 0).optional(),
      batch_size: configReaders.wholeNumber('a record count: a whole number, 1 or more', 1).optional(),
      string_ranges: z.boolean({ error: 'expected true or false' }).optional(),
      persist_directory: z.unknown().optional(),
      embedding_function: z.unknown().optional(),
    })
    .superRefine((o, ctx) => {
      if (o.persist_directory !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['persist_directory'], message: 'JavaScript reaches Chroma over HTTP only: run `chroma run --path <directory>` and give its url instead' });
      }
      if (o.embedding_function !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['embedding_function'], message: 'this store is given vectors; set the embedder on the vector service (createVectorStorage({ embedder })) and remove this key' });
      }
      const settings = o.client_settings;
      if (o.url === undefined && !settings?.chroma_api_url && !settings?.chroma_server_host) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'expected the Chroma server URL, such as http://localhost:8000 (or client_settings.chroma_api_url)' });
      }
    }),
  create: (o) => {
    const settings = o.client_settings ?? {};
    const url =
      o.url ??
      settings.chroma_api_url ??
      `${settings.chroma_server_ssl_enabled ? 'https' : 'http'}://${settings.chroma_server_host}:${settings.chroma_server_http_port ?? 8000}`;
    if (o.url !== undefined && settings.chroma_api_url !== undefined && o.url !== settings.chroma_api_url) {
      throw new StorageError('INVALID_ARGUMENT', 'vector.options: url and client_settings.chroma_api_url disagree; give one of them.', { provider: 'chroma' });
    }
    return createChromaVectorStore({
      url,
      ...(o.tenant === undefined ? {} : { tenant: o.tenant }),
      ...(o.database === undefined ? {} : { database: o.database }),
      ...(o.collection_metadata === undefined ? {} : { collectionMetadata: o.collection_metadata }),
      ...(o.headers === undefined ? {} : { headers: o.headers }),
      ...(o.metric === undefined ? {} : { metric: o.metric }),
      ...(o.timeout_ms === undefined ? {} : { timeoutMs: o.timeout_ms }),
      ...(o.retries === undefined ? {} : { retries: o.retries }),
      ...(o.batch_size === undefined ? {} : { maxBatch: o.batch_size }),
      ...(o.string_ranges === undefined ? {} : { stringRanges: o.string_ranges }),
    });
  },
});
