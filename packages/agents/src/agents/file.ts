import type { FileData } from '@agentmap/storage-file';
import { z } from 'zod';
import { baseConfig, collectionOf, dataOf, defineStorageAgent, documentIdOf, fields, nodeError, notFound, settled, signalFor } from './define';

/** Reads a file, a directory listing, or a document split into chunks. */
export const fileReader = defineStorageAgent({
  type: 'file_reader',
  description: 'Reads a file (text, bytes, structured or parsed documents), lists a directory, or splits a document into chunks.',
  capabilities: ['storage', 'file', 'data_reading', 'document_loading'],
  inputs: [
    { name: 'collection', description: 'Directory name or URI (else the context or the prompt).', required: false },
    { name: 'document_id', description: 'The file name; without it the directory listing.', required: false },
  ],
  output: 'The text, bytes, { content, metadata }, documents or chunks; a listing for a directory.',
  config: z.looseObject({
    ...baseConfig,
    document_id: fields.documentId,
    format: z.enum(['raw', 'text', 'structured', 'documents']).optional().describe('raw (default), text, structured ({content, metadata}) or documents.'),
    binary_mode: z.boolean().optional().describe('Return the bytes whatever the extension.'),
    should_split: z.boolean().optional().describe('Split the document into chunks.'),
    chunk_size: z.number().int().positive().optional(),
    chunk_overlap: z.number().int().nonnegative().optional(),
    recursive: z.boolean().optional().describe('List subdirectories too.'),
    required: fields.required,
    timeout: fields.timeout,
  }),
  async run(inputs, config, context) {
    const collection = collectionOf(inputs, config, context);
    const documentId = documentIdOf(inputs, config);
    const signal = signalFor(context, config.timeout);
    const value = await context.services.file().read(collection, documentId, {
      ...(config.format ? { format: config.format } : {}),
      ...(config.binary_mode === undefined ? {} : { binaryMode: config.binary_mode }),
      ...(config.should_split === undefined ? {} : { shouldSplit: config.should_split }),
      ...(config.chunk_size === undefined ? {} : { chunkSize: config.chunk_size }),
      ...(config.chunk_overlap === undefined ? {} : { chunkOverlap: config.chunk_overlap }),
      ...(config.recursive === undefined ? {} : { recursive: config.recursive }),
      ...(signal ? { signal } : {}),
    });
    if (value === undefined && config.required) throw notFound(context, `${collection}${documentId === undefined ? '' : `/${documentId}`}`);
    return value;
  },
});

/** Writes or appends a file. */
export const fileWriter = defineStorageAgent({
  type: 'file_writer',
  description: 'Writes or appends a file (text, bytes, or an object as JSON); parent directories are created.',
  capabilities: ['storage', 'file', 'data_writing'],
  inputs: [
    { name: 'data', description: 'The content: the `data` input, else the first non-control input field.', required: true },
    { name: 'collection', description: 'Directory name or URI (else the context or the prompt).', required: false },
    { name: 'document_id', description: 'The file name (else the context).', required: true },
  ],
  output: 'The StorageResult; a failed write takes the failure edge.',
  config: z.looseObject({
    ...baseConfig,
    document_id: fields.documentId,
    mode: fields.mode,
    binary_mode: z.boolean().optional(),
    content_type: z.string().min(1).optional(),
    timeout: fields.timeout,
  }),
  async run(inputs, config, context) {
    const collection = collectionOf(inputs, config, context);
    const documentId = documentIdOf(inputs, config);
    if (documentId === undefined) throw nodeError(context, "needs a file name: a `document_id` input or {'document_id': 'notes.md'} in its context");
    const signal = signalFor(context, config.timeout);
    return settled(
      await context.services.file().write(collection, dataOf(inputs, context) as FileData, documentId, {
        mode: config.mode,
        ...(config.binary_mode === undefined ? {} : { binaryMode: config.binary_mode }),
        ...(config.content_type ? { contentType: config.content_type } : {}),
        ...(signal ? { signal } : {}),
      }),
    );
  },
});
