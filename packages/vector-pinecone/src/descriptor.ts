import { configReaders } from '@agentmap/storage-core/kit';
import { defineVectorProvider } from '@agentmap/storage-vector';
import { z } from 'zod';
import { createPineconeVectorStore } from './pinecone-store';

/**
 * `vector: { provider: pinecone, options: { api_key, index_name, namespace?, namespaces?,
 * index_per_collection?, controller_host_url?, index_host?, metric?, dimension?, cloud?,
 * region?, create_index?, timeout?, retry_count?, batch_size? } }`, as in the guide.
 * `environment` (pod-based projects of old clients) is accepted and not needed: the client
 * finds each index's host itself.
 */
export const pineconeVectorProvider = defineVectorProvider({
  provider: 'pinecone',
  package: '@agentmap/storage-vector-pinecone',
  configSchema: z.strictObject({
    api_key: configReaders.text('the Pinecone API key (for example "env:PINECONE_API_KEY")'),
    index_name: configReaders.text('a Pinecone index name'),
    environment: z.string({ error: 'expected an environment name' }).optional(),
    namespace: configReaders.text('a namespace prefix').optional(),
    namespaces: z.record(z.string(), configReaders.text('a namespace name'), { error: 'expected a mapping from collection names to namespace names' }).optional(),
    index_per_collection: configReaders.flag().optional(),
    controller_host_url: configReaders.url().optional(),
    index_host: configReaders.text('the index host').optional(),
    metric: z.enum(['cosine', 'dotproduct', 'dot', 'euclidean'], { error: 'expected cosine, dotproduct or euclidean' }).optional(),
    /** Informational: a created index takes the dimension of the first vectors stored. */
    dimension: configReaders.wholeNumber('a dimension: a whole number, 1 or more', 1).optional(),
    cloud: z.enum(['aws', 'gcp', 'azure'], { error: 'expected aws, gcp or azure' }).optional(),
    region: configReaders.text('a cloud region').optional(),
    create_index: configReaders.flag().optional(),
    timeout: configReaders.seconds().optional(),
    retry_count: configReaders.wholeNumber('a retry count: a whole number, 0 or more').optional(),
    batch_size: configReaders.wholeNumber('a batch size: a whole number from 1 to 1000', 1).refine((n) => n <= 1000, { error: 'expected a batch size of at most 1000 (Pinecone\'s limit)' }).optional(),
  }),
  create: (o) =>
    createPineconeVectorStore({
      apiKey: o.api_key,
      indexName: o.index_name,
      ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
      ...(o.namespaces === undefined ? {} : { namespaces: o.namespaces }),
      ...(o.index_per_collection === undefined ? {} : { indexPerCollection: o.index_per_collection }),
      ...(o.controller_host_url === undefined ? {} : { controllerHostUrl: o.controller_host_url }),
      ...(o.index_host === undefined ? {} : { indexHost: o.index_host }),
      ...(o.metric === undefined ? {} : { metric: o.metric === 'dotproduct' ? 'dot' : o.metric }),
      ...(o.cloud === undefined ? {} : { cloud: o.cloud }),
      ...(o.region === undefined ? {} : { region: o.region }),
      ...(o.create_index === undefined ? {} : { createIndex: o.create_index }),
      ...(o.timeout === undefined ? {} : { timeoutMs: Math.round(o.timeout * 1000) }),
      ...(o.retry_count === undefined ? {} : { retries: o.retry_count }),
      ...(o.batch_size === undefined ? {} : { maxBatch: o.batch_size }),
    }),
});
