import { isStorageUri } from '@agentmap/storage-core';
import { z } from 'zod';
import type { AgentContext } from '../types';
import { baseConfig, collectionOf, dataOf, defineStorageAgent, documentIdOf, fields, nodeError, notFound, settled, signalFor } from './define';

const readerConfig = z.looseObject({
  ...baseConfig,
  document_id: fields.documentId,
  format: z.enum(['raw', 'records', 'dict']).optional().describe('raw (as stored, default), records (a list) or dict (by id).'),
  path: fields.path,
  query: fields.query,
  id_field: fields.idField,
  required: fields.required,
  timeout: fields.timeout,
});

const writerConfig = z.looseObject({
  ...baseConfig,
  document_id: fields.documentId,
  mode: fields.mode,
  path: fields.path,
  id_field: fields.idField,
  timeout: fields.timeout,
});

const readerInputs = [
  { name: 'collection', description: 'Collection name or URI (else the context or the prompt).', required: false },
  { name: 'document_id', description: 'One document; without it the whole collection.', required: false },
  { name: 'query', description: 'A query object, overriding the context.', required: false },
];
const writerInputs = [
  { name: 'data', description: 'What to write: the `data` input, else the first non-control input field.', required: true },
  { name: 'collection', description: 'Collection name or URI (else the context or the prompt).', required: false },
  { name: 'document_id', description: 'Write one document; without it the whole collection.', required: false },
];

type ReaderConfig = z.output<typeof readerConfig>;
type WriterConfig = z.output<typeof writerConfig>;

async function readJson(inputs: Record<string, unknown>, config: ReaderConfig, context: AgentContext, collection: string): Promise<unknown> {
  const documentId = documentIdOf(inputs, config);
  const query = (inputs.query as Record<string, unknown> | undefined) ?? config.query;
  const signal = signalFor(context, config.timeout);
  const value = await context.services.json().read(collection, documentId, {
    ...(query ? { query } : {}),
    ...(config.path ? { path: config.path } : {}),
    ...(config.format ? { format: config.format } : {}),
    ...(config.id_field ? { idField: config.id_field } : {}),
    ...(signal ? { signal } : {}),
  });
  if (value === undefined && config.required) throw notFound(context, `${collection}${documentId === undefined ? '' : ` (document ${documentId})`}`);
  return value;
}

async function writeJson(inputs: Record<string, unknown>, config: WriterConfig, context: AgentContext, collection: string): Promise<unknown> {
  const data = dataOf(inputs, context);
  const documentId = documentIdOf(inputs, config);
  const signal = signalFor(context, config.timeout);
  return settled(
    await context.services.json().write(collection, data, documentId, {
      mode: config.mode,
      ...(config.path ? { path: config.path } : {}),
      ...(config.id_field ? { idField: config.id_field } : {}),
      ...(signal ? { signal } : {}),
    }),
  );
}

/** A cloud agent's collection must be a URI, so a graph cannot silently write to the default store. */
function cloudCollection(inputs: Record<string, unknown>, config: { collection?: string | undefined }, context: AgentContext): string {
  const collection = collectionOf(inputs, config, context);
  if (!isStorageUri(collection)) {
    throw nodeError(context, `needs a URI such as azure://container/users.json, s3://bucket/users.json or gs://bucket/users.json; got "${collection}" (use json_reader/json_writer for collection names)`);
  }
  return collection;
}

/** Reads a JSON collection, a document, or a path inside one. */
export const jsonReader = defineStorageAgent({
  type: 'json_reader',
  description: 'Reads a JSON collection, one document, or a dot path inside it; a query filters, sorts and limits.',
  capabilities: ['storage', 'json', 'data_reading'],
  inputs: readerInputs,
  output: 'The collection, the document or the value at the path.',
  config: readerConfig,
  run: (inputs, config, context) => readJson(inputs, config, context, collectionOf(inputs, config, context)),
});

/** Writes, updates or appends to a JSON collection. */
export const jsonWriter = defineStorageAgent({
  type: 'json_writer',
  description: 'Writes, updates (deep merge) or appends to a JSON collection or one document in it.',
  capabilities: ['storage', 'json', 'data_writing'],
  inputs: writerInputs,
  output: 'The StorageResult (success, counts, etag); a failed write takes the failure edge.',
  config: writerConfig,
  run: (inputs, config, context) => writeJson(inputs, config, context, collectionOf(inputs, config, context)),
});

/** Reads JSON from a cloud URI (azure://, s3://, gs:// or any registered scheme). */
export const cloudJsonReader = defineStorageAgent({
  type: 'cloud_json_reader',
  description: 'Reads a JSON document from a cloud URI (azure://, s3://, gs:// or a plugin scheme) through the router.',
  capabilities: ['storage', 'cloud', 'json', 'data_reading'],
  inputs: readerInputs,
  output: 'The JSON value stored at the URI (or the document / path asked for).',
  config: readerConfig,
  run: (inputs, config, context) => readJson(inputs, config, context, cloudCollection(inputs, config, context)),
});

/** Writes JSON to a cloud URI. */
export const cloudJsonWriter = defineStorageAgent({
  type: 'cloud_json_writer',
  description: 'Writes JSON to a cloud URI (azure://, s3://, gs:// or a plugin scheme) through the router, with conditional writes.',
  capabilities: ['storage', 'cloud', 'json', 'data_writing'],
  inputs: writerInputs,
  output: 'The StorageResult; a failed write takes the failure edge.',
  config: writerConfig,
  run: (inputs, config, context) => writeJson(inputs, config, context, cloudCollection(inputs, config, context)),
});
