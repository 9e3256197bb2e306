import { parse } from 'csv-parse/sync';
import type { CsvCell } from '../types';
import { corruptCsv, duplicateColumns } from './csv-errors';
import type { Dialect } from './dialect';
import type { FileLayout, Table } from './table';

/**
 * Parses a stored file into a {@link Table}. csv-parse does the RFC 4180 work (quotes,
 * doubled quotes, embedded delimiters and line breaks, CR/LF/CRLF); blank lines are skipped.
 * Cells are typed in place by the dialect's rule. Malformed files are `CORRUPT_DATA` naming
 * the line, row and column.
 */
export function parseTable(bytes: Uint8Array, dialect: Dialect, key: string): Table {
  const { input, bom } = decode(bytes, dialect.encoding);
  const layout: FileLayout = { bom, eol: lineEndingOf(input) ?? dialect.lineEnding };
  let records: string[][];
  try {
    records = parse(input, { delimiter: dialect.delimiter, skip_empty_lines: true });
  } catch (error) {
    throw corruptCsv(error, key, headerOf(input, dialect));
  }
  const header = records[0];
  if (header === undefined) return { columns: [], rows: [], layout };
  const duplicate = duplicateColumns(header, key);
  if (duplicate) throw duplicate;
  const infer = dialect.infer;
  const rows = records as unknown as CsvCell[][];
  // Type cells in place: the parser's arrays become the table's rows, no second copy.
  for (let i = 1; i < records.length; i++) {
    const record = records[i]!;
    const row = rows[i]!;
    for (let j = 0; j < record.length; j++) row[j] = infer(record[j]!);
  }
  rows.shift();
  return { columns: header, rows, layout };
}

/** The BOM and line ending of a stored file, without parsing it (for a whole-collection rewrite). */
export function layoutOf(bytes: Uint8Array, dialect: Dialect): FileLayout {
  const { input, bom } = decode(bytes, dialect.encoding);
  return { bom, eol: lineEndingOf(input) ?? dialect.lineEnding };
}

/** UTF-8 goes to the parser as bytes (no decode pass); other encodings are decoded first. */
function decode(bytes: Uint8Array, encoding: Dialect['encoding']): { input: Uint8Array | string; bom: boolean } {
  if (encoding === 'utf8') {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { input: bom ? bytes.subarray(3) : bytes, bom };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
  const bom = text.charCodeAt(0) === 0xfeff;
  return { input: bom ? text.slice(1) : text, bom };
}

/** The record separator of the first line, if the file has a line break at all. */
function lineEndingOf(input: Uint8Array | string): FileLayout['eol'] | undefined {
  const at = typeof input === 'string' ? input.indexOf('\n') : input.indexOf(0x0a);
  if (at < 0) return undefined;
  const before = typeof input === 'string' ? input.charCodeAt(at - 1) : input[at - 1];
  return before === 0x0d ? '\r\n' : '\n';
}

/** The header alone, to name columns in an error; `undefined` when even it is unreadable. */
function headerOf(input: Uint8Array | string, dialect: Dialect): string[] | undefined {
  try {
    return parse(input, { delimiter: dialect.delimiter, skip_empty_lines: true, to: 1 })[0];
  } catch {
    return undefined;
  }
}
