import { configReaders } from '@agentmap/storage-core/kit';
import { defineVectorProvider } from '@agentmap/storage-vector';
import { z } from 'zod';
import { createQdrantVectorStore } from './qdrant-store';

/**
 * `vector: { provider: qdrant, options: { url, api_key?, vector_name?, metric?, exact_search?, timeout?,
 * retry_count?, batch_size?, string_ranges? } }`.
 */
export const qdrantVectorProvider = defineVectorProvider({
  provider: 'qdrant',
  package: '@agentmap/storage-vector-qdrant',
  configSchema: z.strictObject({
    url: configReaders.url(),
    api_key: configReaders.text('the Qdrant API key (for example "env:QDRANT_API_KEY")').optional(),
    vector_name: configReaders.text('a vector name').optional(),
    metric: z.enum(['cosine', 'dot', 'euclidean'], { error: 'expected cosine, dot or euclidean' }).optional(),
    exact_search: configReaders.flag().optional(),
    timeout: configReaders.seconds().optional(),
    retry_count: configReaders.wholeNumber('a retry count: a whole number, 0 or more').optional(),
    batch_size: configReaders.wholeNumber('a batch size: a whole number, 1 or more', 1).optional(),
    string_ranges: configReaders.flag().optional(),
  }),
  create: (o) =>
    createQdrantVectorStore({
      url: o.url,
      ...(o.api_key === undefined ? {} : { apiKey: o.api_key }),
      ...(o.vector_name === undefined ? {} : { vectorName: o.vector_name }),
      ...(o.metric === undefined ? {} : { metric: o.metric }),
      ...(o.exact_search === undefined ? {} : { exactSearch: o.exact_search }),
      ...(o.timeout === undefined ? {} : { timeoutMs: Math.max(1, Math.round(o.timeout * 1000)) }),
      ...(o.retry_count === undefined ? {} : { retries: o.retry_count }),
      ...(o.batch_size === undefined ? {} : { maxBatch: o.batch_size }),
      ...(o.string_ranges === undefined ? {} : { stringRanges: o.string_ranges }),
    }),
});
