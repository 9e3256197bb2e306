import { type DeleteDocumentOptions, type DocumentId, StorageError, type StorageResult, failureResult, successResult, settleWrite } from '@agentmap/storage-core';
import { serialiseTable } from '../table/serialise-table';
import { type Table, cellAt } from '../table/table';
import type { CsvContext } from './context';
import { idColumnOf, rowsMatching, rowsWithId } from './row-selection';
import { detectIdField } from '../table/detect-id';

interface Deleted {
  rows: number;
  ids: string[];
  /** False when there was nothing to delete. */
  found: boolean;
}

/**
 * `delete`: with an id, every row holding it (none is a failed result, `NOT_FOUND`); with a
 * query, the rows it selects (none is a success with 0); with neither, the whole file.
 */
export async function deleteFromCollection(ctx: CsvContext, collection: string, documentId: DocumentId | undefined, options: DeleteDocumentOptions = {}): Promise<StorageResult> {
  const target = ctx.resolve(collection);
  const fields = { operation: 'delete', collection, ...(documentId === undefined ? {} : { documentId: String(documentId) }) };
  if (options.path !== undefined) {
    throw new StorageError('INVALID_ARGUMENT', 'CSV rows have no paths to delete; write null to the column with { mode: "update", path } instead.', { provider: 'csv' });
  }
  if (documentId === undefined && options.query === undefined) {
    return settleWrite(fields, async () => {
      const removed = await target.store.delete(target.key, { signal: options.signal });
      ctx.io.forget(target);
      return removed ? successResult(fields) : failureResult(fields, notFound(`Collection "${collection}" does not exist`));
    });
  }
  const idField = options.idField ?? ctx.settings.idField;
  return settleWrite(fields, async () => {
    const done = await ctx.io.change<Deleted>(
      target,
      async (current) => {
        if (!current) return { result: { rows: 0, ids: [], found: false } };
        const table = await current.table();
        const doomed = documentId === undefined ? rowsMatching(table, options.query) : rowsWithId(table, documentId, idField, 'delete');
        if (doomed.length === 0) return { result: { rows: 0, ids: [], found: true } };
        const kept = withoutRows(table, doomed);
        return { table: kept, body: serialiseTable(kept, ctx.settings.dialect), result: { rows: doomed.length, ids: idsOf(table, doomed, idField), found: true } };
      },
      options.signal,
    );
    const { rows, ids, found } = done.result;
    if (!found) return failureResult(fields, notFound(`Collection "${collection}" does not exist`));
    if (rows === 0 && documentId !== undefined) return failureResult(fields, notFound(`No row with id ${JSON.stringify(documentId)} in "${collection}"`));
    return successResult({ ...fields, rowsDeleted: rows, count: rows, ...(done.etag === undefined ? {} : { etag: done.etag }), ...(ids.length > 0 ? { deletedIds: ids } : {}) });
  });
}

function withoutRows(table: Table, doomed: readonly number[]): Table {
  const gone = new Set(doomed);
  return { ...table, rows: table.rows.filter((_, i) => !gone.has(i)) };
}

/** Ids of the deleted rows, when the table has an id column. */
function idsOf(table: Table, rows: readonly number[], idField: string | undefined): string[] {
  if ((idField ?? detectIdField(table.columns)) === undefined) return [];
  const at = idColumnOf(table, idField, 'delete');
  return rows.map((row) => String(cellAt(table.rows[row]!, at)));
}

function notFound(message: string): StorageError {
  return new StorageError('NOT_FOUND', `${message}; nothing was deleted.`, { provider: 'csv' });
}
