import type { Table } from '../table/table';
import type { CsvCell, CsvRow } from '../types';

/**
 * Builds fresh row objects for the rows at `positions` (every row when omitted). Callers may
 * change what they get: the cached table is never handed out.
 */
export function rowObjects(table: Table, positions?: readonly number[]): CsvRow[] {
  const { columns, rows } = table;
  const make = columns.includes('__proto__') ? safeRow : fastRow;
  const count = positions ? positions.length : rows.length;
  const out = new Array<CsvRow>(count);
  for (let i = 0; i < count; i++) out[i] = make(columns, rows[positions ? positions[i]! : i]!);
  return out;
}

/** A fresh object of the row at `position` (a read by id: no arrays around it). */
export function rowObject(table: Table, position: number): CsvRow {
  const { columns } = table;
  return (columns.includes('__proto__') ? safeRow : fastRow)(columns, table.rows[position]!);
}

/** `{ rowIndex: row }`, keyed by the row's position in the file (as AgentMap's `dict` format). */
export function rowDict(table: Table, positions: readonly number[]): Record<string, CsvRow> {
  const objects = rowObjects(table, positions);
  const out: Record<string, CsvRow> = {};
  for (let i = 0; i < positions.length; i++) out[positions[i]!] = objects[i]!;
  return out;
}

function fastRow(columns: readonly string[], row: readonly CsvCell[]): CsvRow {
  const out: CsvRow = {};
  for (let j = 0; j < columns.length; j++) out[columns[j]!] = row[j] ?? null;
  return out;
}

/** A column named `__proto__` must become an own property, not the object's prototype. */
function safeRow(columns: readonly string[], row: readonly CsvCell[]): CsvRow {
  const out: CsvRow = {};
  for (let j = 0; j < columns.length; j++) {
    Object.defineProperty(out, columns[j]!, { value: row[j] ?? null, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
