import { StorageError } from '@agentmap/storage-core';
import { configReaders } from '@agentmap/storage-core/kit';
import { defineVectorProvider } from '@agentmap/storage-vector';
import { z } from 'zod';
import { PROVIDER } from './errors';
import { createWeaviateVectorStore } from './weaviate-store';

const dataType = z.enum(['text', 'number', 'boolean', 'text[]', 'number[]', 'boolean[]'], {
  error: 'expected text, number, boolean, text[], number[] or boolean[] (metadata fields are flat: Weaviate cannot filter inside object properties, so each field is a property of its own)',
});

/**
 * `vector: { provider: weaviate, options: { url, auth_config?: { type: api_key, api_key },
 * class_name?, properties?: [{ name, data_type }], metric?, timeout?, retry_count? } }`, as in the guide.
 */
export const weaviateVectorProvider = defineVectorProvider({
  provider: PROVIDER,
  package: '@agentmap/storage-vector-weaviate',
  configSchema: z.strictObject({
    url: configReaders.url().refine((u) => /^https?:$/.test(new URL(u).protocol) && ['', '/'].includes(new URL(u).pathname), {
      error: 'expected http(s)://host:port with no path',
    }),
    auth_config: z
      .strictObject({
        type: z.literal('api_key', { error: 'expected api_key (the only auth type supported)' }),
        api_key: configReaders.text('an API key'),
      })
      .optional(),
    class_name: configReaders.text('a class name prefix such as Document').optional(),
    properties: z.array(z.strictObject({ name: configReaders.text('a metadata field name'), data_type: dataType }), { error: 'expected a list of { name, data_type }' }).optional(),
    metric: z.enum(['cosine', 'dot', 'euclidean'], { error: 'expected cosine, dot or euclidean' }).optional(),
    timeout: configReaders.seconds().optional(),
    retry_count: configReaders.wholeNumber('a retry count: a whole number, 0 or more').optional(),
  }),
  create: (o) => {
    const url = new URL(o.url);
    if (url.username || url.password) throw new StorageError('INVALID_ARGUMENT', 'vector.options.url: put the API key under auth_config, not in the URL.', { provider: PROVIDER });
    return createWeaviateVectorStore({
      scheme: url.protocol === 'https:' ? 'https' : 'http',
      host: url.host,
      ...(o.auth_config ? { apiKey: o.auth_config.api_key } : {}),
      ...(o.class_name === undefined ? {} : { className: o.class_name }),
      ...(o.properties === undefined ? {} : { properties: o.properties.map((p) => ({ name: p.name, dataType: p.data_type })) }),
      ...(o.metric === undefined ? {} : { metric: o.metric }),
      ...(o.timeout === undefined ? {} : { timeoutMs: Math.round(o.timeout * 1000) }),
      ...(o.retry_count === undefined ? {} : { retries: o.retry_count }),
    });
  },
});
