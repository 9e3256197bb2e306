import { StorageError } from '@agentmap/storage-core';
import { CsvError } from 'csv-parse/sync';

const FIX = "Fix the file, or replace the collection with mode 'write'.";

/** Where in a file a problem is: 1-based line, 1-based data row (0 = header), column name. */
interface Place {
  line: number;
  row: number;
  column: string;
}

/**
 * Turns a csv-parse failure into a `CORRUPT_DATA` error that names the file, the line, the
 * data row and the column, and says how to repair it. `header` is the file's header when it
 * could be read, to name columns instead of field numbers.
 */
export function corruptCsv(error: unknown, key: string, header: readonly string[] | undefined): StorageError {
  if (!(error instanceof CsvError)) {
    return new StorageError('CORRUPT_DATA', `"${key}" could not be parsed as CSV. ${FIX}`, { provider: 'csv', key, cause: error });
  }
  const records = numberOr(error.records, 0);
  const index = numberOr(error.index, 0);
  const place: Place = {
    line: numberOr(error.lines, 0),
    row: records,
    column: header?.[index] ?? `field ${index + 1}`,
  };
  const at = place.row === 0 ? `line ${place.line} (the header)` : `line ${place.line} (row ${place.row})`;
  let what: string;
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS': {
      const expected = header?.length ?? 0;
      const got = Array.isArray(error.record) ? error.record.length : index;
      what =
        got < expected
          ? `${at} has ${got} field${got === 1 ? '' : 's'} but the header has ${expected}; the first missing column is "${header?.[got] ?? ''}"`
          : `${at} has ${got} fields but the header has ${expected}; field ${expected + 1} has no column`;
      place.column = header?.[Math.min(got, expected)] ?? `field ${Math.min(got, expected) + 1}`;
      break;
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      what = `a quoted field in ${place.row === 0 ? 'the header' : `row ${place.row}`}, column "${place.column}", is never closed (the file ends inside quotes at line ${place.line})`;
      break;
    case 'INVALID_OPENING_QUOTE':
      what = `${at}, column "${place.column}": a quote appears inside an unquoted field; quote the whole field and double the inner quotes ("5'6""")`;
      break;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      what = `${at}, column "${place.column}": text follows a closing quote; a quoted field must end at a delimiter or a line end`;
      break;
    default:
      what = `${at}, column "${place.column}": ${error.message}`;
  }
  return new StorageError('CORRUPT_DATA', `"${key}" is not valid CSV: ${what}. ${FIX}`, {
    provider: 'csv',
    key,
    cause: error,
    details: { ...place },
  });
}

/** A header naming the same column twice cannot map rows to objects. */
export function duplicateColumns(header: readonly string[], key: string): StorageError | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const name = header[i]!;
    const first = seen.get(name);
    if (first !== undefined) {
      return new StorageError(
        'CORRUPT_DATA',
        `"${key}" names column "${name}" twice in its header (columns ${first + 1} and ${i + 1}); rename one of them. ${FIX}`,
        { provider: 'csv', key, details: { line: 1, row: 0, column: name } },
      );
    }
    seen.set(name, i);
  }
  return undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
