import { type DocumentId, type Query, StorageError } from '@agentmap/storage-core';
import { dataFrameOf } from '../output/data-frame';
import { rowDict, rowObject, rowObjects } from '../output/row-objects';
import { cellAt } from '../table/table';
import type { CsvExistsOptions, CsvFormat, CsvReadOptions, CsvReadResult } from '../types';
import type { CsvContext } from './context';
import { firstRowWithId, rowsMatching } from './row-selection';

const FORMATS: readonly CsvFormat[] = ['dict', 'records', 'dataframe'];

/**
 * `read`: by id, the first matching row (as an object in `dict` and `records`, a one-row
 * data frame in `dataframe`; every match is a query `{ id }` away); `path` picks one column
 * of the row. Without an id, the whole collection or the query's result in the format asked
 * for. Missing collection or id: `undefined`.
 */
export async function readCollection(ctx: CsvContext, collection: string, documentId: DocumentId | undefined, options: CsvReadOptions = NO_OPTIONS): Promise<CsvReadResult | undefined> {
  const format = options.format ?? 'dict';
  if (format !== 'dict' && format !== 'records' && format !== 'dataframe') {
    throw new StorageError('INVALID_ARGUMENT', `format must be one of ${FORMATS.join(', ')}; got ${JSON.stringify(options.format)}.`, { provider: 'csv' });
  }
  if (options.path !== undefined && documentId === undefined) {
    throw new StorageError('INVALID_ARGUMENT', 'path names a column of one row; give a document id with it.', { provider: 'csv' });
  }
  const target = ctx.resolve(collection);
  // A table known to be current is used as is: no await before the answer.
  const loaded = ctx.io.known(target, options.signal) ?? (await ctx.io.load(target, options.signal));
  if (!loaded) return undefined;
  const { table } = loaded;
  if (documentId === undefined) {
    // Every row, in file order: no list of positions to build and walk.
    if (options.query === undefined && format !== 'dataframe') return format === 'records' ? rowObjects(table) : rowDict(table);
    const positions = rowsMatching(table, options.query, unknownColumnWarning(ctx, collection));
    if (format === 'records') return rowObjects(table, positions);
    if (format === 'dataframe') return dataFrameOf(table, positions);
    return rowDict(table, positions);
  }
  const position = firstRowWithId(table, documentId, options.idField ?? ctx.settings.idField, 'read');
  if (position < 0) return undefined;
  if (options.path !== undefined) {
    const at = table.columns.indexOf(options.path);
    return at < 0 ? undefined : cellAt(table.rows[position]!, at);
  }
  // One row whatever the format, as AgentMap returns it.
  return format === 'dataframe' ? dataFrameOf(table, [position]) : rowObject(table, position);
}

const NO_OPTIONS: CsvReadOptions = Object.freeze({});

/** `exists`: the collection, or a row with that id in it (with `path`: a non-empty cell in that column). */
export async function existsIn(ctx: CsvContext, collection: string, documentId: DocumentId | undefined, options: CsvExistsOptions = {}): Promise<boolean> {
  if (options.path !== undefined && (documentId === undefined || typeof options.path !== 'string' || options.path === '')) {
    throw new StorageError('INVALID_ARGUMENT', 'path names a column of one row; give a document id and a non-empty column name with it.', { provider: 'csv' });
  }
  const target = ctx.resolve(collection);
  if (documentId === undefined) return (await target.store.head(target.key, { signal: options.signal })) !== undefined;
  const loaded = ctx.io.known(target, options.signal) ?? (await ctx.io.load(target, options.signal));
  if (loaded === undefined) return false;
  const { table } = loaded;
  const position = firstRowWithId(table, documentId, options.idField ?? ctx.settings.idField, 'check');
  if (position < 0) return false;
  if (options.path === undefined) return true;
  const at = table.columns.indexOf(options.path);
  return at >= 0 && cellAt(table.rows[position]!, at) !== null;
}

/** `count`: rows the query selects (0 for a missing collection). */
export async function countIn(ctx: CsvContext, collection: string, query: Query | undefined, options: CsvExistsOptions = {}): Promise<number> {
  const target = ctx.resolve(collection);
  const loaded = ctx.io.known(target, options.signal) ?? (await ctx.io.load(target, options.signal));
  if (!loaded) return 0;
  return query === undefined ? loaded.table.rows.length : rowsMatching(loaded.table, query, unknownColumnWarning(ctx, collection)).length;
}

/** Reports query filters on columns the table lacks: ignored, as AgentMap does, but said. */
function unknownColumnWarning(ctx: CsvContext, collection: string): (columns: string[]) => void {
  return (columns) =>
    ctx.settings.warn({
      code: 'UNKNOWN_COLUMN',
      message: `Query on "${collection}" filters on ${columns.map((c) => `"${c}"`).join(', ')}, which ${columns.length === 1 ? 'is not a column' : 'are not columns'}; ${columns.length === 1 ? 'that filter was' : 'those filters were'} ignored.`,
      collection,
      columns,
    });
}
