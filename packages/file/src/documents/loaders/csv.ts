import { textOf } from '@agentmap/storage-core';
import { fileError } from '../../errors';
import type { FileDocument } from '../document';
import { importOptional } from '../optional-import';

/**
 * CSV: one document per row, its content `column: value` lines (as LangChain's CSV loader
 * writes them), with `row` (0-based, header excluded) in the metadata.
 */
export async function loadCsv(bytes: Uint8Array, source: string): Promise<FileDocument[]> {
  const { parse } = await importOptional('csv-parse', 'Loading CSV files as documents', () => import('csv-parse/sync'));
  let rows: Record<string, string>[];
  try {
    rows = parse(textOf(bytes), { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fileError('CORRUPT_DATA', `"${source}" is not valid CSV (${reason}); fix the file or read it as text with format: 'raw'.`, { key: source, cause: error });
  }
  return rows.map((row, i) => ({
    pageContent: Object.entries(row)
      .map(([column, value]) => `${column}: ${value ?? ''}`)
      .join('\n'),
    metadata: { source, row: i },
  }));
}
