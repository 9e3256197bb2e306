import { type DocumentId, idsEqual } from '@agentmap/storage-core';
import type { CsvCell } from '../types';
import { type Table, cellAt } from './table';

/** Rows holding one key: a position (the usual case: ids are unique), or several in file order. */
type Positions = number | number[];

/**
 * Row positions by id value, so a read by id is a map lookup instead of a scan. It narrows
 * the candidates; `idsEqual` has the last word, so `123`, `"123"` and `"123.0"` find a
 * stored `123` exactly as a scan would.
 */
export class IdIndex {
  private readonly byText = new Map<string, Positions>();
  private readonly byNumber: NumberPositions;

  /** `numbers`: the range of whole-number ids to expect, when known (see {@link NumberPositions}). */
  constructor(numbers?: { min: number; max: number; rows: number }) {
    this.byNumber = new NumberPositions(numbers);
  }

  /** Records that row `row` holds id `cell`; rows are added in file order. */
  add(cell: CsvCell, row: number): void {
    if (cell === null) return;
    // A number can only equal a numeric request, so it needs no text entry.
    if (typeof cell === 'number') return this.byNumber.add(cell, row);
    const text = String(cell);
    add(this.byText, text, row);
    const n = typeof cell === 'string' ? numeric(text) : undefined;
    if (n !== undefined) this.byNumber.add(n, row);
  }

  /** Rows whose id equals `id`, in file order. `idOf` reads a row's stored id. */
  find(id: DocumentId, idOf: (row: number) => CsvCell): number[] {
    const candidates = this.candidates(id);
    if (candidates === undefined) return [];
    if (typeof candidates === 'number') return idsEqual(idOf(candidates), id) ? [candidates] : [];
    return candidates.filter((row) => idsEqual(idOf(row), id));
  }

  /** The first row whose id equals `id`, or -1: a read by id, without building a list. */
  first(id: DocumentId, idOf: (row: number) => CsvCell): number {
    const candidates = this.candidates(id);
    if (candidates === undefined) return -1;
    if (typeof candidates === 'number') return idsEqual(idOf(candidates), id) ? candidates : -1;
    for (const row of candidates) if (idsEqual(idOf(row), id)) return row;
    return -1;
  }

  /** Rows that may hold `id`, in file order: those whose text or number matches. */
  private candidates(id: DocumentId): Positions | undefined {
    const asNumber = typeof id === 'number' ? id : numeric(id);
    const byText = typeof id === 'string' ? this.byText.get(id) : undefined;
    const byNumber = asNumber === undefined ? undefined : this.byNumber.get(asNumber);
    if (byText === undefined) return byNumber;
    if (byNumber === undefined) return byText;
    return [...new Set([...listOf(byText), ...listOf(byNumber)])].sort((a, b) => a - b);
  }
}

/**
 * Positions by numeric id. Ids are most often whole numbers in a narrow range (1..n), so
 * when the table's range is known and not much wider than its row count, the first
 * position of each id sits in an array indexed by the id itself: a read by id is one
 * typed-array load instead of a hash lookup and a list. Other numbers, and ids found
 * twice, go to a map.
 */
class NumberPositions {
  /** Position + 1 of the one row with id `base + i`; 0: none; -1: several, see `sparse`. */
  private readonly dense: Int32Array | undefined;
  private readonly base: number;
  private readonly sparse = new Map<number, Positions>();

  constructor(range?: { min: number; max: number; rows: number }) {
    const span = range ? range.max - range.min + 1 : 0;
    // At most four slots per row (and 4 bytes a slot), so a sparse range falls back to the map.
    const dense = range !== undefined && span > 0 && span <= 4 * range.rows + 1024 && range.rows < 2 ** 31 - 1;
    this.dense = dense ? new Int32Array(span) : undefined;
    this.base = dense ? range.min : 0;
  }

  add(n: number, row: number): void {
    const slot = this.slotOf(n);
    if (slot < 0) return add(this.sparse, n, row);
    const held = this.dense![slot]!;
    if (held === 0) this.dense![slot] = row + 1;
    else if (held > 0) {
      this.dense![slot] = -1;
      this.sparse.set(n, [held - 1, row]);
    } else add(this.sparse, n, row);
  }

  get(n: number): Positions | undefined {
    const slot = this.slotOf(n);
    if (slot < 0) return this.sparse.get(n);
    const held = this.dense![slot]!;
    return held > 0 ? held - 1 : held === 0 ? undefined : this.sparse.get(n);
  }

  /** Index of `n` in `dense`, or -1 when `n` is not a whole number in its range. */
  private slotOf(n: number): number {
    if (this.dense === undefined) return -1;
    const offset = n - this.base;
    // Equal only for whole numbers 0 ≤ offset < 2^32 (not NaN, not fractions); -0 becomes 0.
    const slot = offset >>> 0;
    return slot === offset && slot < this.dense.length ? slot : -1;
  }
}

const indexes = new WeakMap<Table, Map<number, IdIndex>>();

/** The index of `table` on column position `at`, built on first use and kept with the table. */
export function idIndexOf(table: Table, at: number): IdIndex {
  let perColumn = indexes.get(table);
  if (!perColumn) indexes.set(table, (perColumn = new Map()));
  let index = perColumn.get(at);
  if (!index) {
    index = buildIndex(table.rows, at);
    perColumn.set(at, index);
  }
  return index;
}

function buildIndex(rows: ReadonlyArray<readonly CsvCell[]>, at: number): IdIndex {
  // A first pass over the whole numbers the column holds sizes the direct-lookup array.
  let min = Infinity;
  let max = -Infinity;
  let whole = 0;
  for (let i = 0; i < rows.length; i++) {
    const cell = cellAt(rows[i]!, at);
    const n = typeof cell === 'number' ? cell : typeof cell === 'string' ? numeric(cell) : undefined;
    if (n === undefined || !Number.isInteger(n)) continue;
    whole++;
    if (n < min) min = n;
    if (n > max) max = n;
  }
  // Worth it only when most ids are whole numbers.
  const index = new IdIndex(whole * 2 >= rows.length && whole > 0 ? { min, max, rows: rows.length } : undefined);
  for (let i = 0; i < rows.length; i++) index.add(cellAt(rows[i]!, at), i);
  return index;
}

function numeric(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? undefined : n;
}

function add<K>(map: Map<K, Positions>, key: K, row: number): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, row);
  else if (typeof held === 'number') map.set(key, [held, row]);
  else held.push(row);
}

function listOf(positions: Positions): number[] {
  return typeof positions === 'number' ? [positions] : positions;
}

/**
 * Lets `to` (an edit of `from` with the same rows in the same places) use the id indexes
 * already built for `from`, for every id column whose cells the `edited` rows left as they
 * were, so a one-row update does not rebuild an index over every row.
 */
export function carryIdIndexes(from: Table, to: Table, edited: readonly number[]): void {
  const perColumn = indexes.get(from);
  if (!perColumn || from.rows.length !== to.rows.length) return;
  const kept = new Map<number, IdIndex>();
  for (const [at, index] of perColumn) {
    if (edited.every((row) => cellAt(from.rows[row]!, at) === cellAt(to.rows[row]!, at))) kept.set(at, index);
  }
  if (kept.size > 0) indexes.set(to, kept);
}
