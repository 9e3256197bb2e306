import type { CsvWriteData } from '@agentmap/storage-csv';
import { z } from 'zod';
import { baseConfig, collectionOf, dataOf, defineStorageAgent, documentIdOf, fields, nodeError, notFound, settled, signalFor } from './define';

/** Reads a CSV table, a row by id, or a filtered, sorted slice. */
export const csvReader = defineStorageAgent({
  type: 'csv_reader',
  description: 'Reads a CSV table (dict, records or dataframe), one row by id (detected or id_field), or a queried slice.',
  capabilities: ['storage', 'csv', 'data_reading'],
  inputs: [
    { name: 'collection', description: 'Table name or URI (else the context or the prompt).', required: false },
    { name: 'document_id', description: 'One row by its id.', required: false },
    { name: 'query', description: 'Filters, sort, order, offset, limit; overrides the context.', required: false },
  ],
  output: 'The rows (format dict by default), or the row asked for.',
  config: z.looseObject({
    ...baseConfig,
    document_id: fields.documentId,
    format: z.enum(['dict', 'records', 'dataframe']).default('dict').describe('dict ({rowIndex: row}), records (a list) or dataframe.'),
    id_field: fields.idField,
    path: z.string().min(1).optional().describe('With an id: only this column of the row.'),
    query: fields.query,
    required: fields.required,
    timeout: fields.timeout,
  }),
  async run(inputs, config, context) {
    const collection = collectionOf(inputs, config, context);
    const documentId = documentIdOf(inputs, config);
    const query = (inputs.query as Record<string, unknown> | undefined) ?? config.query;
    const signal = signalFor(context, config.timeout);
    const value = await context.services.csv().read(collection, documentId, {
      format: config.format,
      ...(query ? { query } : {}),
      ...(config.id_field ? { idField: config.id_field } : {}),
      ...(config.path ? { path: config.path } : {}),
      ...(signal ? { signal } : {}),
    });
    if (value === undefined && config.required) throw notFound(context, `${collection}${documentId === undefined ? '' : ` (row ${documentId})`}`);
    return value;
  },
});

/** Writes rows to a CSV table. */
export const csvWriter = defineStorageAgent({
  type: 'csv_writer',
  description: 'Writes, updates (upsert by id) or appends rows to a CSV table, aligning columns by header.',
  capabilities: ['storage', 'csv', 'data_writing'],
  inputs: [
    { name: 'data', description: 'A row, a list of rows, or a data frame: the `data` input, else the first non-control input field.', required: true },
    { name: 'collection', description: 'Table name or URI (else the context or the prompt).', required: false },
    { name: 'document_id', description: 'Write or update one row by id.', required: false },
  ],
  output: 'The StorageResult (rowsWritten, rowsUpdated…); a failed write takes the failure edge.',
  config: z.looseObject({
    ...baseConfig,
    document_id: fields.documentId,
    mode: fields.mode,
    id_field: fields.idField,
    path: z.string().min(1).optional().describe('With an id: set only this column.'),
    timeout: fields.timeout,
  }),
  async run(inputs, config, context) {
    const collection = collectionOf(inputs, config, context);
    const data = dataOf(inputs, context);
    if (typeof data !== 'object' || data === null) throw nodeError(context, `writes rows: an object or a list of objects; got ${data === null ? 'null' : typeof data}`);
    const signal = signalFor(context, config.timeout);
    return settled(
      await context.services.csv().write(collection, data as CsvWriteData, documentIdOf(inputs, config), {
        mode: config.mode,
        ...(config.id_field ? { idField: config.id_field } : {}),
        ...(config.path ? { path: config.path } : {}),
        ...(signal ? { signal } : {}),
      }),
    );
  },
});
