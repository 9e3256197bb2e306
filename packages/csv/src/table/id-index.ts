import { type DocumentId, idsEqual } from '@agentmap/storage-core';
import type { CsvCell } from '../types';
import { type Table, cellAt } from './table';

/**
 * Row positions by id value, so a read by id is a map lookup instead of a scan. It narrows
 * the candidates; `idsEqual` has the last word, so `123`, `"123"` and `"123.0"` find a
 * stored `123` exactly as a scan would.
 */
export class IdIndex {
  private readonly byText = new Map<string, number[]>();
  private readonly byNumber = new Map<number, number[]>();

  /** Records that row `row` holds id `cell`. */
  add(cell: CsvCell, row: number): void {
    if (cell === null) return;
    // A number can only equal a numeric request, so it needs no text entry.
    if (typeof cell === 'number') return push(this.byNumber, cell, row);
    const text = String(cell);
    push(this.byText, text, row);
    const n = typeof cell === 'string' ? numeric(text) : undefined;
    if (n !== undefined) push(this.byNumber, n, row);
  }

  /** Rows whose id equals `id`, in file order. `idOf` reads a row's stored id. */
  find(id: DocumentId, idOf: (row: number) => CsvCell): number[] {
    const asNumber = typeof id === 'number' ? id : numeric(id);
    const byText = typeof id === 'string' ? this.byText.get(id) : undefined;
    const byNumber = asNumber === undefined ? undefined : this.byNumber.get(asNumber);
    if (byText && byNumber) return [...new Set([...byText, ...byNumber])].sort((a, b) => a - b).filter((row) => idsEqual(idOf(row), id));
    const candidates = byText ?? byNumber;
    if (candidates === undefined) return [];
    // The usual case, one row per id, without the filter's closure and copy.
    if (candidates.length === 1) return idsEqual(idOf(candidates[0]!), id) ? candidates.slice() : [];
    return candidates.filter((row) => idsEqual(idOf(row), id));
  }
}

const indexes = new WeakMap<Table, Map<number, IdIndex>>();

/** The index of `table` on column position `at`, built on first use and kept with the table. */
export function idIndexOf(table: Table, at: number): IdIndex {
  let perColumn = indexes.get(table);
  if (!perColumn) indexes.set(table, (perColumn = new Map()));
  let index = perColumn.get(at);
  if (!index) {
    index = new IdIndex();
    const rows = table.rows;
    for (let i = 0; i < rows.length; i++) index.add(cellAt(rows[i]!, at), i);
    perColumn.set(at, index);
  }
  return index;
}

function numeric(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? undefined : n;
}

function push<K>(map: Map<K, number[]>, key: K, row: number): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
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
