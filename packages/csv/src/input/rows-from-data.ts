import { StorageError } from '@agentmap/storage-core';
import { cellFromValue } from '../table/cell-types';
import type { InputRow } from '../table/table-draft';
import type { CsvCell, DataFrame } from '../types';

/**
 * Checks what a write was given and turns it into rows: one row object, a list of row
 * objects, or a data frame (anything with `objects()` and `columnNames()`, such as an
 * arquero table). Anything else, and any value that has no faithful CSV form, is
 * `INVALID_ARGUMENT` naming the row and column, raised before anything is stored.
 */
export function rowsFromData(data: unknown, infer: (text: string) => CsvCell): InputRow[] {
  if (isDataFrame(data)) return data.objects().map((row, i) => inputRow(row, i, infer));
  if (Array.isArray(data)) return data.map((row, i) => inputRow(row, i, infer));
  if (isPlainObject(data)) return [inputRow(data, 0, infer)];
  throw new StorageError(
    'INVALID_ARGUMENT',
    `CSV data must be a row object ({ id: 1, name: 'Ada' }), a list of row objects or a data frame; got ${describe(data)}.`,
    { provider: 'csv' },
  );
}

/** True for an arquero table or another frame with the same two methods. */
export function isDataFrame(value: unknown): value is DataFrame {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DataFrame).objects === 'function' &&
    typeof (value as DataFrame).columnNames === 'function'
  );
}

function inputRow(value: unknown, item: number, infer: (text: string) => CsvCell): InputRow {
  if (!isPlainObject(value)) {
    throw new StorageError('INVALID_ARGUMENT', `Row ${item} of the data is ${describe(value)}; each row must be an object of column names to values.`, {
      provider: 'csv',
      details: { row: item },
    });
  }
  const row = new Map<string, CsvCell>();
  for (const [column, cell] of Object.entries(value)) {
    if (column === '') {
      throw new StorageError('INVALID_ARGUMENT', `Row ${item} has an empty column name; every column needs a name.`, { provider: 'csv', details: { row: item } });
    }
    row.set(column, cellFromValue(cell, { item, column }, infer));
  }
  if (row.size === 0) {
    throw new StorageError('INVALID_ARGUMENT', `Row ${item} of the data has no columns; give at least one column value.`, { provider: 'csv', details: { row: item } });
  }
  return row;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a nested list';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'non-plain'} object`;
  return `a ${typeof value}`;
}
