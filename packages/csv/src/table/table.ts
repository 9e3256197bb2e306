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
