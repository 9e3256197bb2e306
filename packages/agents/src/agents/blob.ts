import { StorageError } from '@agentmap/storage-core';
import { z } from 'zod';
import { PROVIDER } from '../errors';
import { baseConfig, collectionOf, dataOf, defineStorageAgent, fields, nodeError, signalFor } from './define';

/** Reads the bytes at a URI or collection key. */
export const blobReader = defineStorageAgent({
  type: 'blob_reader',
  description: 'Reads one object (blob) by URI or key through the router: UTF-8 text by default, or the bytes.',
  capabilities: ['storage', 'blob', 'cloud', 'data_reading'],
  inputs: [{ name: 'collection', description: 'The object URI (azure://container/path…) or key (else the context or the prompt).', required: false }],
  output: 'The text (encoding utf8, default) or a Uint8Array (encoding bytes).',
  config: z.looseObject({
    ...baseConfig,
    encoding: z.enum(['utf8', 'bytes']).default('utf8'),
    required: fields.required,
    timeout: fields.timeout,
  }),
  async run(inputs, config, context) {
    const uri = collectionOf(inputs, config, context);
    const { store, key } = context.services.router.resolve(uri);
    const signal = signalFor(context, config.timeout);
    try {
      const { body } = await store.get(key, signal ? { signal } : {});
      return config.encoding === 'bytes' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch (error) {
      if (error instanceof TypeError) {
        throw new StorageError('CORRUPT_DATA', `${uri} is not UTF-8 text; read it with {'encoding': 'bytes'}.`, { provider: PROVIDER });
      }
      if (error instanceof StorageError && error.code === 'NOT_FOUND' && !config.required) return undefined;
      throw error;
    }
  },
});

/** Writes bytes, text, or a value as JSON to a URI or collection key. */
export const blobWriter = defineStorageAgent({
  type: 'blob_writer',
  description: 'Writes one object (blob) by URI or key through the router: bytes, text, or any other value as JSON.',
  capabilities: ['storage', 'blob', 'cloud', 'data_writing'],
  inputs: [
    { name: 'data', description: 'The content: the `data` input, else the first non-control input field.', required: true },
    { name: 'collection', description: 'The object URI or key (else the context or the prompt).', required: false },
  ],
  output: '{ success, uri, etag, size }.',
  config: z.looseObject({
    ...baseConfig,
    content_type: z.string().min(1).optional(),
    if_none_match: z.boolean().optional().describe('Refuse to overwrite an existing object (ALREADY_EXISTS / PRECONDITION_FAILED).'),
    timeout: fields.timeout,
  }),
  async run(inputs, config, context) {
    const uri = collectionOf(inputs, config, context);
    const data = dataOf(inputs, context);
    if (data === undefined) throw nodeError(context, 'has no data to write');
    let body: string | Uint8Array;
    try {
      body = typeof data === 'string' || data instanceof Uint8Array ? data : JSON.stringify(data);
    } catch (error) {
      throw nodeError(context, `cannot write its data as JSON (${(error as Error).message}); give it a string, bytes or plain JSON values`);
    }
    const contentType = config.content_type ?? (typeof data === 'string' || data instanceof Uint8Array ? undefined : 'application/json');
    const { store, key } = context.services.router.resolve(uri);
    const signal = signalFor(context, config.timeout);
    const info = await store.put(key, body, {
      ...(contentType ? { contentType } : {}),
      ...(config.if_none_match ? { ifNoneMatch: '*' as const } : {}),
      ...(signal ? { signal } : {}),
    });
    return { success: true, uri, etag: info.etag, size: info.size };
  },
});
