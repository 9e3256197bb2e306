import { type DocumentId, StorageError, type WriteMode, idsEqual } from '@agentmap/storage-core';
import { detectIdField } from '../table/detect-id';
import type { InputRow, TableDraft } from '../table/table-draft';
import type { CsvCell } from '../types';

/** One write to apply to a draft: rows (already validated) and how to place them. */
export interface RowWrite {
  mode: WriteMode;
  rows: readonly InputRow[];
  documentId?: DocumentId;
  /** The caller's id column (the call's or the service's `idField`), overriding detection. */
  idField?: string;
}

/** What a write did, in the result's terms. */
export interface WriteCounts {
  rowsWritten: number;
  rowsUpdated: number;
  rowsAdded: number;
  ids: string[];
}

/**
 * Applies one write (any mode except a whole-collection `write`, which replaces the table
 * instead) to a draft, with the reference's semantics and our fixes: with an id, `write`
 * replaces the matching rows only and `update` merges into them (adding new columns), both
 * inserting when there is no match, and `append` adds a row; without an id, `update`
 * upserts every row by the id column and `append` adds rows aligned by header. Every check
 * runs before the draft is touched, so a refused write leaves it as it was.
 */
export function applyRowWrite(draft: TableDraft, write: RowWrite, infer: (text: string) => CsvCell): WriteCounts {
  const counts: WriteCounts = { rowsWritten: 0, rowsUpdated: 0, rowsAdded: 0, ids: [] };
  if (write.documentId !== undefined) {
    const { column, row } = rowForId(draft, write, infer);
    const at = draft.ensureColumn(column);
    const matches = write.mode === 'append' ? [] : draft.find(at, write.documentId);
    for (const match of matches) {
      if (write.mode === 'write') draft.replace(match, row);
      else draft.merge(match, row);
    }
    if (matches.length === 0) draft.insert(row);
    counts.rowsUpdated = matches.length;
    counts.rowsAdded = matches.length === 0 ? 1 : 0;
    counts.ids.push(String(write.documentId));
    return counts;
  }
  if (write.mode === 'append') {
    const column = write.idField ?? detectIdField(draft.columns) ?? detectIdField(keysOf(write.rows));
    for (const row of write.rows) {
      draft.insert(row);
      const id = column === undefined ? null : (row.get(column) ?? null);
      if (id !== null) counts.ids.push(String(id));
    }
    counts.rowsAdded = write.rows.length;
    return counts;
  }
  if (write.mode === 'update') return upsertRows(draft, write, counts);
  throw new StorageError('INTERNAL', `Mode ${String(write.mode)} reached applyRowWrite; a whole-collection write replaces the table instead.`, { provider: 'csv' });
}

/** `update` without an id: every row carries its id; matches are merged, the rest inserted. */
function upsertRows(draft: TableDraft, write: RowWrite, counts: WriteCounts): WriteCounts {
  const column = write.idField ?? detectIdField(draft.columns) ?? detectIdField(keysOf(write.rows));
  if (column === undefined) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `An update without a document id upserts rows by their id column, but none was found (columns: ${listColumns([...draft.columns, ...keysOf(write.rows)])}); pass idField or a document id.`,
      { provider: 'csv' },
    );
  }
  const ids = write.rows.map((row, item) => {
    const id = row.get(column);
    if (id === undefined || id === null || typeof id === 'boolean') {
      throw new StorageError('INVALID_ARGUMENT', `Row ${item} has no value in id column "${column}"; every row of an update needs its id.`, {
        provider: 'csv',
        details: { row: item, column },
      });
    }
    return id;
  });
  const at = draft.ensureColumn(column);
  write.rows.forEach((row, item) => {
    const matches = draft.find(at, ids[item]!);
    for (const match of matches) draft.merge(match, row);
    if (matches.length === 0) draft.insert(row);
    counts.rowsUpdated += matches.length;
    counts.rowsAdded += matches.length === 0 ? 1 : 0;
    counts.ids.push(String(ids[item]));
  });
  return counts;
}

/** The id column of a write with an id, and its one row with the id cell filled in. */
function rowForId(draft: TableDraft, write: RowWrite, infer: (text: string) => CsvCell): { column: string; row: InputRow } {
  const id = write.documentId!;
  if (write.rows.length !== 1) {
    throw new StorageError('INVALID_ARGUMENT', `A write with document id ${JSON.stringify(id)} takes one row; got ${write.rows.length}. Write lists without an id.`, {
      provider: 'csv',
    });
  }
  const given = write.rows[0]!;
  const column = write.idField ?? detectIdField(draft.columns) ?? detectIdField([...given.keys()]) ?? (draft.columns.length === 0 ? 'id' : undefined);
  if (column === undefined) throw missingIdColumn(draft.columns, 'write');
  const stored = given.get(column);
  if (stored !== undefined && stored !== null) {
    if (!idsEqual(stored, id)) {
      throw new StorageError('INVALID_ARGUMENT', `The row's "${column}" is ${JSON.stringify(stored)} but the document id is ${JSON.stringify(id)}; make them agree or leave "${column}" out.`, {
        provider: 'csv',
        details: { row: 0, column },
      });
    }
    return { column, row: given };
  }
  // The id goes first so a new file starts with its id column.
  return { column, row: new Map<string, CsvCell>([[column, infer(String(id))], ...[...given].filter(([name]) => name !== column)]) };
}

/** Reading or writing by id where the collection has no id column. */
export function missingIdColumn(columns: readonly string[], operation: string): StorageError {
  return new StorageError(
    'INVALID_ARGUMENT',
    `Cannot ${operation} by id: no id column found among ${listColumns(columns)} (looked for "id", then "*_id", then "id_*"). Pass idField, e.g. { idField: '${columns[0] ?? 'sku'}' }.`,
    { provider: 'csv' },
  );
}

function keysOf(rows: readonly InputRow[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of row.keys()) keys.add(key);
  return [...keys];
}

function listColumns(columns: readonly string[]): string {
  return columns.length === 0 ? '(no columns)' : [...new Set(columns)].map((c) => `"${c}"`).join(', ');
}
