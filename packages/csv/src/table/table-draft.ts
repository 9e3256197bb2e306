import type { DocumentId } from '@agentmap/storage-core';
import type { CsvCell } from '../types';
import { IdIndex, idIndexOf } from './id-index';
import { type Table, cellAt, rowCountOf, withRowsAdded } from './table';

/** A row given to a write, after validation: column name to cell, in the caller's key order. */
export type InputRow = ReadonlyMap<string, CsvCell>;

/**
 * Edits a {@link Table} copy-on-write, so the cached original stays valid for other readers
 * and for the next attempt if the conditional write loses a race: a row is copied only when
 * it changes, the list of the base's rows (pointers only) only when one of them changes, and
 * added rows are kept apart until the new table is built, so an append copies that list
 * once, at its final size.
 */
export class TableDraft {
  readonly columns: string[];
  /** The base's rows, once one of them changed; until then `base.rows` is read. */
  private changedRows: Array<readonly CsvCell[]> | undefined;
  /** Rows added by this draft, at positions from `baseCount` on. */
  private readonly added: Array<readonly CsvCell[]> = [];
  /** Rows of the base (counted without joining the row list of a table made by appends). */
  private readonly baseCount: number;
  private readonly positions: Map<string, number>;
  /** Indexes of rows added by this draft, per id column position. */
  private readonly addedIndexes = new Map<number, IdIndex>();
  private changedExisting = false;
  /** Positions of base rows this draft replaced or merged into. */
  private readonly edited = new Set<number>();

  constructor(private readonly base: Table) {
    this.columns = [...base.columns];
    this.baseCount = rowCountOf(base);
    this.positions = new Map(this.columns.map((c, i) => [c, i]));
  }

  get rowCount(): number {
    return this.baseCount + this.added.length;
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
    return cellAt(this.row(row), at);
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
    const position = this.baseCount + this.added.push(row) - 1;
    for (const [at, index] of this.addedIndexes) index.add(cellAt(row, at), position);
    return position;
  }

  /** Sets the given cells of a row, keeping the others. */
  merge(row: number, input: InputRow): void {
    this.setRow(row, this.build(this.row(row), input));
  }

  /** Replaces a row: cells not given become empty. */
  replace(row: number, input: InputRow): void {
    this.setRow(row, this.build([], input));
  }

  /**
   * Base rows changed in place, in file order, when that is all the draft did (no row added,
   * no column added): the file can be rewritten by splicing just those rows. Else `undefined`.
   */
  editedRowsOnly(): number[] | undefined {
    if (this.added.length > 0 || this.columns.length !== this.base.columns.length) return undefined;
    return [...this.edited].sort((a, b) => a - b);
  }

  private row(position: number): readonly CsvCell[] {
    const n = this.baseCount;
    return position < n ? (this.changedRows ?? this.base.rows)[position]! : this.added[position - n]!;
  }

  private setRow(position: number, row: readonly CsvCell[]): void {
    const n = this.baseCount;
    if (position >= n) {
      this.added[position - n] = row;
      return;
    }
    (this.changedRows ??= this.base.rows.slice())[position] = row;
    this.changedExisting = true;
    this.edited.add(position);
  }

  /** True when the draft only added rows under an unchanged header (the file can simply grow). */
  onlyAppends(): boolean {
    return !this.changedExisting && this.columns.length === this.base.columns.length;
  }

  /** Rows added after the base's. */
  appendedRows(): ReadonlyArray<readonly CsvCell[]> {
    return this.added;
  }

  toTable(): Table {
    const { columns, added, changedRows, base } = this;
    if (changedRows) return { columns, rows: added.length === 0 ? changedRows : changedRows.concat(added), layout: base.layout };
    return added.length === 0 ? { columns, rows: base.rows, layout: base.layout } : withRowsAdded(base, columns, added);
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
      for (let i = this.baseCount; i < this.rowCount; i++) index.add(this.cell(i, at), i);
      this.addedIndexes.set(at, index);
    }
    return index;
  }
}
