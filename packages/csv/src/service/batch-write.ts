import { type DocumentId, StorageError, type StorageResult, type WriteMode, failureResult, isStorageError, normaliseId, successResult, settleWrite } from '@agentmap/storage-core';
import { rowsFromData } from '../input/rows-from-data';
import { type Table, emptyTable } from '../table/table';
import { type InputRow, TableDraft } from '../table/table-draft';
import type { CsvBatchItem, CsvBatchItemOutcome, CsvBatchOptions } from '../types';
import { applyRowWrite } from './apply-write';
import type { CsvContext } from './context';
import { draftBytes } from './draft-bytes';
import { checkMode } from './write-collection';

interface Prepared {
  mode: WriteMode;
  rows: InputRow[];
  documentId?: DocumentId;
}

interface BatchTally {
  outcomes: CsvBatchItemOutcome[];
  rowsUpdated: number;
  rowsAdded: number;
  ids: string[];
}

/**
 * `batchWrite`: every item is applied, in order, to one copy of the table, which is then
 * stored with one conditional write, so a batch costs one round trip and keeps every item.
 * An item that is invalid is reported in `data` and skipped; the others are still stored.
 * Items default to `update` (upsert) with an id and `append` without; a whole-collection
 * `write` would drop the items before it and is refused.
 */
export async function batchWrite(ctx: CsvContext, collection: string, items: readonly CsvBatchItem[], options: CsvBatchOptions = {}): Promise<StorageResult<CsvBatchItemOutcome[]>> {
  if (!Array.isArray(items)) {
    throw new StorageError('INVALID_ARGUMENT', `batchWrite takes a list of { data, documentId?, mode? } items; got ${typeof items}.`, { provider: 'csv' });
  }
  const target = ctx.resolve(collection);
  const fields = { operation: 'batch_write', collection };
  const { dialect } = ctx.settings;
  const idField = options.idField ?? ctx.settings.idField;
  const prepared = items.map((item, index) => attempt(index, () => prepare(ctx, item)));
  return settleWrite(fields, async () => {
    const done = await ctx.io.change<BatchTally>(
      target,
      async (current) => {
        const base: Table = current ? await current.table() : emptyTable({ bom: dialect.bom, eol: dialect.lineEnding });
        const draft = new TableDraft(base);
        const tally: BatchTally = { outcomes: [], rowsUpdated: 0, rowsAdded: 0, ids: [] };
        prepared.forEach((item, index) => {
          const applied = 'error' in item ? item : attempt(index, () => applyRowWrite(draft, { ...item.value, idField }, dialect.infer));
          if ('error' in applied) {
            tally.outcomes.push({ index, success: false, error: applied.error });
            return;
          }
          tally.rowsUpdated += applied.value.rowsUpdated;
          tally.rowsAdded += applied.value.rowsAdded;
          tally.ids.push(...applied.value.ids);
          tally.outcomes.push({ index, success: true });
        });
        if (tally.outcomes.every((o) => !o.success)) return { result: tally };
        return { ...draftBytes(draft, base, current?.stored.body, dialect), result: tally };
      },
      options.signal,
    );
    const { outcomes, ids, ...counts } = done.result;
    const failed = outcomes.filter((o) => !o.success).length;
    const summary = {
      ...fields,
      ...counts,
      count: counts.rowsUpdated + counts.rowsAdded,
      createdNew: done.createdNew,
      data: outcomes,
      ...(done.etag === undefined ? {} : { etag: done.etag }),
      ...(ids.length > 0 ? { ids } : {}),
    };
    if (failed === 0) return successResult(summary);
    const error = new StorageError('INVALID_ARGUMENT', `${failed} of ${items.length} batch items were refused and not stored (the others were); see data for each.`, {
      provider: 'csv',
    });
    return failureResult(summary, error) as StorageResult<CsvBatchItemOutcome[]>;
  });
}

function prepare(ctx: CsvContext, item: CsvBatchItem): Prepared {
  if (typeof item !== 'object' || item === null) {
    throw new StorageError('INVALID_ARGUMENT', 'A batch item must be an object { data, documentId?, mode? }.', { provider: 'csv' });
  }
  const documentId = item.documentId;
  if (documentId !== undefined) normaliseId(documentId, 'csv');
  const mode = checkMode(item.mode, documentId === undefined ? 'append' : 'update');
  if (mode === 'write' && documentId === undefined) {
    throw new StorageError('INVALID_ARGUMENT', "A batch item in mode 'write' without a document id would replace the whole collection; give it an id or use 'append'.", {
      provider: 'csv',
    });
  }
  return { mode, rows: rowsFromData(item.data, ctx.settings.dialect.written), ...(documentId === undefined ? {} : { documentId }) };
}

/** Runs one item's step; an invalid item becomes its own failure instead of failing the batch. */
function attempt<T>(index: number, step: () => T): { value: T } | { error: { code: string; message: string } } {
  try {
    return { value: step() };
  } catch (error) {
    if (!isStorageError(error, 'INVALID_ARGUMENT')) throw error;
    return { error: { code: error.code, message: `Item ${index}: ${error.message}` } };
  }
}
