import type { CsvCell } from '../types';

/** How a file was laid out, kept so a rewrite looks like the original. */
export interface FileLayout {
  /** The file started with a byte-order mark. */
  bom: boolean;
  /** The record separator found in the file. */
  eol: '\n' | '\r\n';
  /** Fields are separated by the delimiter and a space (`id, name`), as some tools write them. */
  spaced?: boolean;
  /** Columns whose booleans the file spells `True` / `False` (pandas' spelling). */
  titleBooleans?: ReadonlySet<string>;
  /** Columns whose whole numbers the file spells `2.0` (pandas' float columns). */
  floatWholes?: ReadonlySet<string>;
}

/**
 * A parsed collection. Rows are arrays of cells in column order and may be shorter than the
 * header (missing trailing cells are `null`), so adding a column never copies every row.
 * A table is never changed once built: it is shared with the cache and with concurrent reads.
 */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly CsvCell[]>;
  readonly layout: FileLayout;
  /**
   * Where each row's text starts and ends in the file it was read from (BOM excluded, line
   * break excluded), when known: a rewrite that only changes rows splices them in there.
   */
  readonly spans?: RowSpans;
}

/** Text offsets of rows, parallel to `Table.rows`. */
export interface RowSpans {
  readonly starts: ArrayLike<number>;
  readonly ends: ArrayLike<number>;
}

/** The cell of `row` at column position `at`. */
export function cellAt(row: readonly CsvCell[], at: number): CsvCell {
  return row[at] ?? null;
}

/** Position of each column, for lookups by name. */
export function columnPositions(columns: readonly string[]): Map<string, number> {
  return new Map(columns.map((c, i) => [c, i]));
}

/** A table with no columns and no rows, for a collection that does not exist yet. */
export function emptyTable(layout: FileLayout): Table {
  return { columns: [], rows: [], layout };
}

/** Row lists of tables made by {@link withRowsAdded} and not yet joined: the pieces and their total. */
const pending = new WeakMap<Table, { pieces: ReadonlyArray<Table['rows']>; count: number }>();

/** Pieces an unjoined table may collect before they are joined anyway (each append copies the list of pieces). */
const MAX_PIECES = 64;

/** The number of rows of `table`, without joining the row list of one made by appends. */
export function rowCountOf(table: Table): number {
  return pending.get(table)?.count ?? table.rows.length;
}

/**
 * `base` with `added` rows after its own, under `columns`. The new row list is built the
 * first time `rows` is read, not here: appends in a row (each writes only its new rows)
 * then never copy the list of every row, which at a hundred thousand rows costs more than
 * the append itself. Reads join it once.
 */
export function withRowsAdded(base: Table, columns: readonly string[], added: Table['rows']): Table {
  const before = pending.get(base);
  const pieces = [...(before?.pieces ?? [base.rows]), added];
  const count = (before?.count ?? base.rows.length) + added.length;
  if (pieces.length > MAX_PIECES) return { columns, rows: joined(pieces, count), layout: base.layout };
  let rows: Table['rows'] | undefined;
  const table: Table = {
    columns,
    // An own enumerable getter, so `{ ...table }` copies the rows too.
    get rows() {
      if (rows === undefined) {
        rows = joined(pieces, count);
        pending.delete(table);
        pieces.length = 0;
      }
      return rows;
    },
    layout: base.layout,
  };
  pending.set(table, { pieces, count });
  return table;
}

function joined(pieces: ReadonlyArray<Table['rows']>, count: number): Table['rows'] {
  const rows = new Array<readonly CsvCell[]>(count);
  let at = 0;
  for (const piece of pieces) for (let i = 0; i < piece.length; i++) rows[at++] = piece[i]!;
  return rows;
}
