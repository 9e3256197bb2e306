import { parse } from 'csv-parse/sync';
import type { CsvCell } from '../types';
import { inferCell } from './cell-types';
import { corruptCsv, duplicateColumns } from './csv-errors';
import type { Dialect } from './dialect';
import { fastRecords } from './fast-records';
import { decodeText } from './text-encoding';
import type { FileLayout, Table } from './table';

/**
 * Parses a stored file into a {@link Table}. Well-formed files go through a strict fast
 * reader ({@link fastRecords}); anything it does not accept in exactly csv-parse's way (a
 * malformed file, a bare-CR file, a file with spaces after its delimiters) goes to csv-parse,
 * which does the RFC 4180 work (quotes, doubled quotes, embedded delimiters and line breaks,
 * CR/LF/CRLF) and names the line, row and column of a malformed file (`CORRUPT_DATA`).
 * Blank lines are skipped. Cells are typed in place by the dialect's rule.
 */
export function parseTable(bytes: Uint8Array, dialect: Dialect, key: string): Table {
  const { input, bom } = decode(bytes, dialect.encoding, key);
  const spaced = isSpaced(input, dialect.delimiter);
  const layout: FileLayout = { bom, eol: lineEndingOf(input) ?? dialect.lineEnding, ...(spaced ? { spaced } : {}) };
  const infer = dialect.infer;
  let spellings: Spellings | undefined;
  // Type cells in place, the parser's arrays becoming the table's rows (no second copy). The
  // fast reader hands each record over as soon as it is read, while its strings are still
  // new: text that becomes a number is then dropped before the collector has to keep it.
  const typeRecord = (record: string[], index: number): void => {
    if (index === 0) {
      // Spellings are only looked for under the typing rule that produces them.
      spellings = infer === inferCell ? new Spellings(record) : undefined;
      return;
    }
    const row = record as unknown as CsvCell[];
    for (let j = 0; j < record.length; j++) {
      const text = record[j]!;
      const cell = infer(text);
      row[j] = cell;
      if (spellings !== undefined && typeof cell !== 'string' && cell !== null && isPandasSpelling(text, cell)) spellings.note(j, cell);
    }
  };
  const fast = spaced ? undefined : fastRecords(input, dialect.delimiter, typeRecord);
  let records = fast?.records;
  if (records === undefined) {
    try {
      // `trim` drops the spaces around unquoted fields and header names, and accepts a quote after them.
      records = parse(input, { delimiter: dialect.delimiter, skip_empty_lines: true, ...(spaced ? { trim: true } : {}) });
    } catch (error) {
      throw corruptCsv(error, key, headerOf(input, dialect, spaced));
    }
    records.forEach(typeRecord);
  }
  const header = records[0];
  if (header === undefined) return { columns: [], rows: [], layout };
  const duplicate = duplicateColumns(header, key);
  if (duplicate) throw duplicate;
  const rows = records as unknown as CsvCell[][];
  rows.shift();
  const spans = fast && { starts: new Float64Array(fast.starts).subarray(1), ends: new Float64Array(fast.ends).subarray(1) };
  return { columns: header, rows, layout: spellings ? spellings.into(layout) : layout, ...(spans ? { spans } : {}) };
}

/** `True` / `False`, or a whole number ending in `.0` (JavaScript never prints a number so). */
function isPandasSpelling(text: string, cell: number | boolean): boolean {
  if (typeof cell === 'boolean') return text.charCodeAt(0) < 97;
  const n = text.length;
  return text.charCodeAt(n - 1) === 48 && text.charCodeAt(n - 2) === 46;
}

/** Columns where the file spells values as pandas writes them, so rewrites keep the spelling. */
class Spellings {
  private titleBooleans?: Set<string>;
  private floatWholes?: Set<string>;

  constructor(private readonly header: readonly string[]) {}

  note(at: number, cell: number | boolean): void {
    const column = this.header[at]!;
    if (typeof cell === 'boolean') (this.titleBooleans ??= new Set()).add(column);
    else (this.floatWholes ??= new Set()).add(column);
  }

  into(layout: FileLayout): FileLayout {
    if (!this.titleBooleans && !this.floatWholes) return layout;
    return { ...layout, ...(this.titleBooleans ? { titleBooleans: this.titleBooleans } : {}), ...(this.floatWholes ? { floatWholes: this.floatWholes } : {}) };
  }
}

/** The BOM, line ending and spacing of a stored file, without parsing it (for a whole-collection rewrite). */
export function layoutOf(bytes: Uint8Array, dialect: Dialect): FileLayout {
  const { input, bom } = decode(bytes, dialect.encoding);
  return { bom, eol: lineEndingOf(input) ?? dialect.lineEnding, ...(isSpaced(input, dialect.delimiter) ? { spaced: true } : {}) };
}

/**
 * The text of a stored file, without its byte-order mark. With `key`, bytes that are not
 * valid in the encoding are `CORRUPT_DATA` naming it (see {@link decodeText}); without it
 * (a file about to be replaced whole) they are read as the decoder replaces them.
 */
export function decode(bytes: Uint8Array, encoding: Dialect['encoding'], key?: string): { input: string; bom: boolean } {
  const text = decodeText(bytes, encoding, key);
  const bom = text.charCodeAt(0) === 0xfeff;
  return { input: bom ? text.slice(1) : text, bom };
}

/**
 * True when the header puts a space after every delimiter (`id, name, age`): such files are
 * read with the spaces around unquoted fields trimmed, and rewritten with the same spacing.
 * Other files are read as they are (a leading space is part of the value).
 */
function isSpaced(input: string, delimiter: string): boolean {
  let end = input.indexOf('\n');
  if (end < 0) end = input.length;
  const header = input.slice(0, end);
  let at = header.indexOf(delimiter);
  if (at < 0) return false;
  while (at >= 0) {
    if (header.charCodeAt(at + 1) !== 32) return false;
    at = header.indexOf(delimiter, at + 1);
  }
  return true;
}

/** The record separator of the first line, if the file has a line break at all. */
function lineEndingOf(input: string): FileLayout['eol'] | undefined {
  const at = input.indexOf('\n');
  if (at < 0) return undefined;
  return input.charCodeAt(at - 1) === 0x0d ? '\r\n' : '\n';
}

/** The header alone, to name columns in an error; `undefined` when even it is unreadable. */
function headerOf(input: string, dialect: Dialect, spaced: boolean): string[] | undefined {
  try {
    const header: string[][] = parse(input, { delimiter: dialect.delimiter, skip_empty_lines: true, to: 1, ...(spaced ? { trim: true } : {}) });
    return header[0];
  } catch {
    return undefined;
  }
}
