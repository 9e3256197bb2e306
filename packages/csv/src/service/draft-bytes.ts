import type { Dialect } from '../table/dialect';
import { endsWithBreak, serialiseAppendix, serialiseTable } from '../table/serialise-table';
import type { Table } from '../table/table';
import type { TableDraft } from '../table/table-draft';

/**
 * The bytes to store for an edited table. When the edit only added rows under the same
 * header, the new rows are appended to the stored bytes as they are (no re-serialising of a
 * large file); otherwise the whole table is written.
 */
export function draftBytes(draft: TableDraft, base: Table, stored: Uint8Array | undefined, dialect: Dialect): { table: Table; body: Uint8Array } {
  const table = draft.toTable();
  if (stored && base.columns.length > 0 && draft.onlyAppends()) {
    const appendix = serialiseAppendix(draft.appendedRows(), table.columns, base.layout, !endsWithBreak(stored, dialect), dialect);
    // Buffer.concat does not zero-fill the new buffer first, which matters at tens of megabytes.
    return { table, body: Buffer.concat([stored, appendix]) };
  }
  return { table, body: serialiseTable(table, dialect) };
}
