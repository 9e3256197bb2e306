import type { DocumentId } from '@agentmap/storage-core';
import type { CsvCell } from '../types';
import { IdIndex, idIndexOf } from './id-index';
import { type Table, cellAt } from './table';

/** A row given to a write, after validation: column name to cell, in the caller's key order. */
export type InputRow = ReadonlyMap<string, CsvCell>;

/**
 * Edits a {@link Table} copy-on-write: the row list is copied once (pointers only) and a row
 * is copied only when it changes, so the cached original stays valid for other readers and
 * for the next attempt if the conditional write loses a race.
 */
export class TableDraft {
  readonly columns: string[];
  private readonly rows: Array<readonly CsvCell[]>;
  private readonly positions: Map<string, number>;
  /** Indexes of rows added by this draft, per id column position. */
  private readonly addedIndexes = new Map<number, IdIndex>();
  private changedExisting = false;
  /** Positions of base rows this draft replaced or merged into. */
  private readonly edited = new Set<number>();

  constructor(private readonly base: Table) {
    this.columns = [...base.columns];
    this.rows = base.rows.slice();
    this.positions = new Map(this.columns.map((c, i) => [c, i]));
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** Position of a column, or `undefined`. */
  columnAt(name: string): number | undefined {
    return this.positions.get(name);
  }

  /** Position of a column, adding it at the end of the header when missing. */
  ensureColumn(name: string): number {
    let at = this.positions.get(name);
    if (at === undefined) {
      at = this.columns.push(name) - 1;
      this.positions.set(name, at);
    }
    return at;
  }

  cell(row: number, at: number): CsvCell {
    return cellAt(this.rows[row]!, at);
  }

  /** Rows whose id (in column `at`) equals `id`, in file order, including rows added by this draft. */
  find(at: number, id: DocumentId): number[] {
    const idOf = (row: number) => this.cell(row, at);
    const existing = at < this.base.columns.length ? idIndexOf(this.base, at).find(id, idOf) : [];
    const added = this.addedIndex(at).find(id, idOf);
    return added.length === 0 ? existing : [...existing, ...added];
  }

  /** Adds a row at the end; returns its position. */
  insert(input: InputRow): number {
    const row = this.build([], input);
    const position = this.rows.push(row) - 1;
    for (const [at, index] of this.addedIndexes) index.add(cellAt(row, at), position);
    return position;
  }

  /** Sets the given cells of a row, keeping the others. */
  merge(row: number, input: InputRow): void {
    this.rows[row] = this.build(this.rows[row]!, input);
    this.noteEdit(row);
  }

  /** Replaces a row: cells not given become empty. */
  replace(row: number, input: InputRow): void {
    this.rows[row] = this.build([], input);
    this.noteEdit(row);
  }

  /**
   * Base rows changed in place, in file order, when that is all the draft did (no row added,
   * no column added): the file can be rewritten by splicing just those rows. Else `undefined`.
   */
  editedRowsOnly(): number[] | undefined {
    if (this.rows.length !== this.base.rows.length || this.columns.length !== this.base.columns.length) return undefined;
    return [...this.edited].sort((a, b) => a - b);
  }

  private noteEdit(row: number): void {
    if (row >= this.base.rows.length) return;
    this.changedExisting = true;
    this.edited.add(row);
  }

  /** True when the draft only added rows under an unchanged header (the file can simply grow). */
  onlyAppends(): boolean {
    return !this.changedExisting && this.columns.length === this.base.columns.length;
  }

  /** Rows added after the base's. */
  appendedRows(): ReadonlyArray<readonly CsvCell[]> {
    return this.rows.slice(this.base.rows.length);
  }

  toTable(): Table {
    return { columns: this.columns, rows: this.rows, layout: this.base.layout };
  }

  private build(from: readonly CsvCell[], input: InputRow): CsvCell[] {
    const row = from.slice();
    for (const [name, cell] of input) {
      const at = this.ensureColumn(name);
      while (row.length < at) row.push(null);
      row[at] = cell;
    }
    return row;
  }

  private addedIndex(at: number): IdIndex {
    let index = this.addedIndexes.get(at);
    if (!index) {
      index = new IdIndex();
      for (let i = this.base.rows.length; i < this.rows.length; i++) index.add(this.cell(i, at), i);
      this.addedIndexes.set(at, index);
    }
    return index;
  }
}
