import type { Table } from '../table/table';
import type { CsvCell, CsvRow } from '../types';

/**
 * Builds fresh row objects for the rows at `positions` (every row when omitted). Callers may
 * change what they get: the cached table is never handed out.
 */
export function rowObjects(table: Table, positions?: readonly number[]): CsvRow[] {
  const { columns, rows } = table;
  const template = templateOf(columns);
  const count = positions ? positions.length : rows.length;
  const out = new Array<CsvRow>(count);
  for (let i = 0; i < count; i++) out[i] = fill(template, columns, rows[positions ? positions[i]! : i]!);
  return out;
}

/** A fresh object of the row at `position` (a read by id: no arrays around it). */
export function rowObject(table: Table, position: number): CsvRow {
  const { columns } = table;
  return fill(templateOf(columns), columns, table.rows[position]!);
}

/** `{ rowIndex: row }`, keyed by the row's position in the file (as AgentMap's `dict` format). */
export function rowDict(table: Table, positions: readonly number[]): Record<string, CsvRow> {
  const objects = rowObjects(table, positions);
  const out: Record<string, CsvRow> = {};
  for (let i = 0; i < positions.length; i++) out[positions[i]!] = objects[i]!;
  return out;
}

/**
 * A row is a copy of its header's template (every column, all `null`) with the row's cells
 * set: copying an object of known shape is one step for the engine, where adding the
 * properties one by one makes it look up a new shape at each.
 */
function fill(template: CsvRow, columns: readonly string[], row: readonly CsvCell[]): CsvRow {
  const out: CsvRow = { ...template };
  const n = Math.min(row.length, columns.length);
  for (let j = 0; j < n; j++) {
    const cell = row[j];
    // The template's own property is set, so a column named `__proto__` stays a plain value.
    if (cell !== null && cell !== undefined) out[columns[j]!] = cell;
  }
  return out;
}

/** Templates by header (a header array is shared by its table's versions until a column is added). */
const templates = new WeakMap<readonly string[], CsvRow>();
let lastColumns: readonly string[] | undefined;
let lastTemplate: CsvRow = {};

function templateOf(columns: readonly string[]): CsvRow {
  if (columns === lastColumns) return lastTemplate;
  let template = templates.get(columns);
  if (template === undefined) {
    template = {};
    // Defined rather than assigned, so a column named `__proto__` is an own property, not the prototype.
    for (const column of columns) Object.defineProperty(template, column, { value: null, enumerable: true, writable: true, configurable: true });
    templates.set(columns, template);
  }
  lastColumns = columns;
  lastTemplate = template;
  return template;
}
