import { configReaders } from '@agentmap/storage-core/kit';
import { defineVectorProvider } from '@agentmap/storage-vector';
import { z } from 'zod';
import { createLanceDbVectorStore } from './lancedb-store';

/** `vector: { provider: lancedb, options: { uri, metric?, index_threshold?, storage_options? } }`. */
export const lanceDbVectorProvider = defineVectorProvider({
  provider: 'lancedb',
  package: '@agentmap/storage-vector-lancedb',
  configSchema: z.strictObject({
    uri: configReaders.text('a directory or object storage URI'),
    metric: z.enum(['cosine', 'dot', 'euclidean'], { error: 'expected cosine, dot or euclidean' }).optional(),
    index_threshold: configReaders.wholeNumber('a record count: a whole number, 1 or more', 1).optional(),
    storage_options: z.record(z.string(), z.string(), { error: 'expected a mapping of LanceDB storage options' }).optional(),
  }),
  create: (o) =>
    createLanceDbVectorStore({
      uri: o.uri,
      ...(o.metric === undefined ? {} : { metric: o.metric }),
      ...(o.index_threshold === undefined ? {} : { indexThreshold: o.index_threshold }),
      ...(o.storage_options === undefined ? {} : { storageOptions: o.storage_options }),
    }),
});
