import { createLocalStore } from '@agentmap/storage-core';
import { configReaders } from '@agentmap/storage-core/kit';
import { z } from 'zod';
import { createLocalVectorStore } from '../local/local-store';
import { defineVectorProvider } from './define-vector-provider';

/** `vector: { provider: local, options: { base_dir, prefix?, metric? } }`: the exact index on local disk. */
export const localVectorProvider = defineVectorProvider({
  provider: 'local',
  package: '@agentmap/storage-vector',
  configSchema: z.strictObject({
    base_dir: configReaders.text('a directory').optional(),
    persist_directory: configReaders.text('a directory').optional(),
    prefix: configReaders.text('a key prefix').optional(),
    metric: z.enum(['cosine', 'dot', 'euclidean'], { error: 'expected cosine, dot or euclidean' }).optional(),
  }),
  create: (options) =>
    createLocalVectorStore({
      store: createLocalStore({ baseDir: options.base_dir ?? options.persist_directory ?? './vector_db' }),
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.metric === undefined ? {} : { metric: options.metric }),
    }),
});
