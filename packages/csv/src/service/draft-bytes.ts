import type { Dialect } from '../table/dialect';
import { carryIdIndexes } from '../table/id-index';
import { decode } from '../table/parse-table';
import { encodeText, endsWithBreak, serialiseAppendix, serialiseRowText, serialiseTable } from '../table/serialise-table';
import type { Table } from '../table/table';
import type { TableDraft } from '../table/table-draft';

/**
 * The bytes to store for an edited table, writing as little as possible: when the edit only
 * added rows under the same header, the new rows are appended to the stored bytes as they
 * are; when it only changed some rows in place and the table knows where its rows are in the
 * file, those rows are spliced into the stored text and every other byte is kept as it was
 * (the file's own formatting included); otherwise the whole table is written.
 */
export function draftBytes(draft: TableDraft, base: Table, stored: Uint8Array | undefined, dialect: Dialect): { table: Table; body: Uint8Array } {
  const table = draft.toTable();
  if (stored && base.columns.length > 0 && draft.onlyAppends()) {
    const appendix = serialiseAppendix(draft.appendedRows(), table.columns, base.layout, !endsWithBreak(stored, dialect), dialect);
    // Buffer.concat does not zero-fill the new buffer first, which matters at tens of megabytes.
    return { table, body: Buffer.concat([stored, appendix]) };
  }
  const edited = stored && base.spans ? draft.editedRowsOnly() : undefined;
  if (stored && base.spans && edited) {
    const result = spliced(table, base.spans, stored, edited, dialect);
    carryIdIndexes(base, result.table, edited);
    return result;
  }
  return { table, body: serialiseTable(table, dialect) };
}

/** Rewrites only the `edited` rows of the stored text; the new table keeps (shifted) spans. */
function spliced(table: Table, spans: NonNullable<Table['spans']>, stored: Uint8Array, edited: readonly number[], dialect: Dialect): { table: Table; body: Uint8Array } {
  const { input } = decode(stored, dialect.encoding);
  const starts = Float64Array.from(spans.starts);
  const ends = Float64Array.from(spans.ends);
  const pieces: string[] = [];
  let from = 0;
  let shift = 0;
  let next = 0;
  for (const row of edited) {
    const text = serialiseRowText(table.rows[row]!, table.columns, table.layout, dialect);
    pieces.push(input.slice(from, spans.starts[row]), text);
    from = spans.ends[row]!;
    // Offsets of rows before this one moved by the edits before them.
    for (; next < row; next++) {
      starts[next] = starts[next]! + shift;
      ends[next] = ends[next]! + shift;
    }
    starts[row] = starts[row]! + shift;
    shift += text.length - (spans.ends[row]! - spans.starts[row]!);
    ends[row] = starts[row] + text.length;
    next = row + 1;
  }
  for (; next < starts.length; next++) {
    starts[next] = starts[next]! + shift;
    ends[next] = ends[next]! + shift;
  }
  pieces.push(input.slice(from));
  return { table: { ...table, spans: { starts, ends } }, body: encodeText(pieces.join(''), table.layout, dialect) };
}
