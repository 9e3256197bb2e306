import type { Table } from '../table/table';
import type { CsvCell, CsvRow } from '../types';

/**
 * Builds fresh row objects for the rows at `positions` (every row when omitted). Callers may
 * change what they get: the cached table is never handed out.
 */
export function rowObjects(table: Table, positions?: readonly number[]): CsvRow[] {
  const { columns, rows } = table;
  const count = positions ? positions.length : rows.length;
  const out = new Array<CsvRow>(count);
  if (columns.includes('__proto__')) {
    const template = templateOf(columns);
    for (let i = 0; i < count; i++) out[i] = fill(template, columns, rows[positions ? positions[i]! : i]!);
    return out;
  }
  const Row = rowClass(columns);
  for (let i = 0; i < count; i++) out[i] = new Row(rows[positions ? positions[i]! : i]!);
  return out;
}

/**
 * A constructor of plain row objects for one header. Objects that one function builds with
 * `new` get room for their properties inside themselves once the engine has seen a few, so
 * many rows kept together cost one allocation each (a copied template takes two, and is
 * three times slower for a whole table). Not for a `__proto__` column, which an assignment
 * would take as the prototype.
 */
function rowClass(columns: readonly string[]): RowClass {
  let Row = rowClasses.get(columns);
  if (Row === undefined) rowClasses.set(columns, (Row = newRowClass(columns)));
  return Row;
}

type RowClass = new (row: readonly CsvCell[]) => CsvRow;

/** One constructor per header, so rows of every read of a table share one shape. */
const rowClasses = new WeakMap<readonly string[], RowClass>();

function newRowClass(columns: readonly string[]): RowClass {
  const width = columns.length;
  function Row(this: CsvRow, row: readonly CsvCell[]): void {
    for (let j = 0; j < width; j++) this[columns[j]!] = row[j] ?? null;
  }
  // Plain objects: their prototype is Object.prototype, as for `{}`.
  Row.prototype = Object.prototype;
  return Row as unknown as RowClass;
}

/** A fresh object of the row at `position` (a read by id: no arrays around it). */
export function rowObject(table: Table, position: number): CsvRow {
  const { columns } = table;
  return fill(templateOf(columns), columns, table.rows[position]!);
}

/** `{ rowIndex: row }`, keyed by the row's position in the file (as AgentMap's `dict` format). */
export function rowDict(table: Table, positions?: readonly number[]): Record<string, CsvRow> {
  const objects = rowObjects(table, positions);
  const out: Record<string, CsvRow> = {};
  for (let i = 0; i < objects.length; i++) out[positions ? positions[i]! : i] = objects[i]!;
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
