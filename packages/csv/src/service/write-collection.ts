import { type DocumentId, StorageError, type StorageResult, type WriteMode, isWriteMode, normaliseId, successResult, settleWrite } from '@agentmap/storage-core';
import { rowsFromData } from '../input/rows-from-data';
import { cellFromValue } from '../table/cell-types';
import { layoutOf } from '../table/parse-table';
import { serialiseTable } from '../table/serialise-table';
import { type Table, emptyTable } from '../table/table';
import { type InputRow, TableDraft } from '../table/table-draft';
import type { CsvWriteOptions } from '../types';
import { applyRowWrite, type WriteCounts } from './apply-write';
import type { CsvContext } from './context';
import { draftBytes } from './draft-bytes';

/** `write`: see {@link applyRowWrite} for what each mode does with and without an id. */
export async function writeCollection(ctx: CsvContext, collection: string, data: unknown, documentId: DocumentId | undefined, options: CsvWriteOptions = {}): Promise<StorageResult> {
  const mode = checkMode(options.mode);
  if (documentId !== undefined) normaliseId(documentId, 'csv');
  const rows = rowsToWrite(ctx, data, documentId, options.path);
  const target = ctx.resolve(collection);
  const fields = { operation: mode, collection, mode, ...(documentId === undefined ? {} : { documentId: String(documentId) }) };
  const { dialect } = ctx.settings;
  const idField = options.idField ?? ctx.settings.idField;
  return settleWrite(fields, async () => {
    const done = await ctx.io.change<WriteCounts>(
      target,
      async (current) => {
        if (mode === 'write' && documentId === undefined) {
          // Replacing the whole collection: the old rows are not needed (nor parsed), only the file's layout.
          const draft = new TableDraft(emptyTable(current ? layoutOf(current.stored.body, dialect) : { bom: dialect.bom, eol: dialect.lineEnding }));
          for (const row of rows) draft.insert(row);
          const table = draft.toTable();
          return { table, body: serialiseTable(table, dialect), result: { rowsWritten: rows.length, rowsUpdated: 0, rowsAdded: 0, ids: [] } };
        }
        const base: Table = current ? await current.table() : emptyTable({ bom: dialect.bom, eol: dialect.lineEnding });
        const draft = new TableDraft(base);
        // A path sets one column of the row: a merge, whatever the mode.
        const counts = applyRowWrite(draft, { mode: options.path === undefined ? mode : 'update', rows, documentId, idField }, dialect.infer);
        return { ...draftBytes(draft, base, current?.stored.body, dialect), result: counts };
      },
      options.signal,
    );
    const { ids, ...counts } = done.result;
    return successResult({
      ...fields,
      ...counts,
      count: counts.rowsWritten + counts.rowsUpdated + counts.rowsAdded,
      createdNew: done.createdNew,
      ...(done.etag === undefined ? {} : { etag: done.etag }),
      ...(ids.length > 0 ? { ids } : {}),
    });
  });
}

/** Mode from a string or `WriteMode` constant; anything else is `INVALID_ARGUMENT` listing the modes. */
export function checkMode(mode: unknown, fallback: WriteMode = 'write'): WriteMode {
  if (mode === undefined) return fallback;
  if (!isWriteMode(mode)) {
    throw new StorageError('INVALID_ARGUMENT', `Unknown write mode ${JSON.stringify(mode)}; use 'write', 'update' or 'append' (or WriteMode.WRITE / UPDATE / APPEND).`, {
      provider: 'csv',
    });
  }
  return mode;
}

function rowsToWrite(ctx: CsvContext, data: unknown, documentId: DocumentId | undefined, path: string | undefined): InputRow[] {
  const infer = ctx.settings.dialect.written;
  if (path === undefined) return rowsFromData(data, infer);
  if (documentId === undefined || typeof path !== 'string' || path === '') {
    throw new StorageError('INVALID_ARGUMENT', 'path names one column of one row: give a document id and a non-empty column name.', { provider: 'csv' });
  }
  return [new Map([[path, cellFromValue(data, { item: 0, column: path }, infer)]])];
}
