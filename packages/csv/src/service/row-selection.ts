import { type DocumentId, type Query, QUERY_CONTROL_KEYS, StorageError, compileQuery, normaliseId, runCompiled } from '@agentmap/storage-core';
import { detectIdField } from '../table/detect-id';
import { idIndexOf } from '../table/id-index';
import { type Table, cellAt, columnPositions } from '../table/table';
import { missingIdColumn } from './apply-write';

/** The id column to use for `table`: the caller's `idField`, else the detected one. */
export function idColumnOf(table: Table, idField: string | undefined, operation: string): number {
  const column = idField ?? detectedIdField(table);
  if (column === undefined) throw missingIdColumn(table.columns, operation);
  const at = table.columns.indexOf(column);
  if (at < 0) {
    throw new StorageError('INVALID_ARGUMENT', `idField "${column}" is not a column; the columns are ${table.columns.map((c) => `"${c}"`).join(', ') || '(none)'}.`, {
      provider: 'csv',
      details: { column },
    });
  }
  return at;
}

const detected = new WeakMap<Table, string | undefined>();

/** The detected id column of a table, worked out once per table (reads by id are hot). */
function detectedIdField(table: Table): string | undefined {
  if (detected.has(table)) return detected.get(table);
  const column = detectIdField(table.columns);
  detected.set(table, column);
  return column;
}

/** Positions of the rows whose id equals `id` (any number of them, in file order). */
export function rowsWithId(table: Table, id: DocumentId, idField: string | undefined, operation: string): number[] {
  normaliseId(id, 'csv');
  const at = idColumnOf(table, idField, operation);
  return idIndexOf(table, at).find(id, (row) => cellAt(table.rows[row]!, at));
}

/** Position of the first row whose id equals `id`, or -1 (a read by id: no list built). */
export function firstRowWithId(table: Table, id: DocumentId, idField: string | undefined, operation: string): number {
  normaliseId(id, 'csv');
  const at = idColumnOf(table, idField, operation);
  return idIndexOf(table, at).first(id, (row) => cellAt(table.rows[row]!, at));
}

/**
 * Positions of the rows a query selects, in the query's order: filters (equality, lists as
 * "in", operators), then sort, offset, limit. Filters on columns the table lacks are
 * ignored, as AgentMap does. Works on positions so only the rows returned are ever built.
 */
export function rowsMatching(table: Table, query: Query | undefined, onUnknown?: (columns: string[]) => void): number[] {
  if (onUnknown && query) {
    const unknown = unknownColumns(table, query);
    if (unknown.length > 0) onUnknown(unknown);
  }
  const positions = columnPositions(table.columns);
  const rows = table.rows;
  const get = (row: number, field: string) => {
    const at = positions.get(field);
    return at === undefined ? undefined : cellAt(rows[row]!, at);
  };
  const compiled = compileQuery<number>(query, { get, knownFields: new Set(table.columns) });
  const all = Array.from({ length: rows.length }, (_, i) => i);
  return runCompiled(all, compiled, get);
}

const CONTROL_KEYS = new Set<string>(QUERY_CONTROL_KEYS);

/** Filter keys of `query` that name no column of `table` (ignored, as AgentMap does). */
function unknownColumns(table: Table, query: Query): string[] {
  if (typeof query !== 'object' || query === null) return [];
  const columns = new Set(table.columns);
  return Object.keys(query).filter((key) => !CONTROL_KEYS.has(key) && !columns.has(key));
}
