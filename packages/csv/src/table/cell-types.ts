import { StorageError } from '@agentmap/storage-core';
import type { CsvCell } from '../types';

/**
 * The typing rule, applied to every cell read: empty and `NaN` (pandas' missing value) are
 * `null`; `true` / `false` and pandas' `True` / `False` are booleans; text that a finite
 * number prints back as exactly (`42`, `-3.5`, `1e+21`) is that number, and so is a whole
 * number written as a float (`2.0`, as pandas writes an integer column with a gap);
 * everything else stays text (`007`, `1.50`, `1e3`, ` 42`, `TRUE`, `12345678901234567890`).
 * So no digit is ever lost to a conversion, and files written by pandas read as pandas reads them.
 */
export function inferCell(text: string): CsvCell {
  if (text === '') return null;
  const first = text.charCodeAt(0);
  // Only a digit, '-' or '.' can start a number's printed form; checking first skips Number() for most text.
  if ((first >= 48 && first <= 57) || first === 45 || first === 46) {
    const n = Number(text);
    if (!Number.isFinite(n)) return text;
    const printed = String(n);
    if (printed === text) return n;
    // `2.0`: a whole number in pandas' float spelling (`-0.0`, `007.0` stay text).
    return text.length === printed.length + 2 && text.endsWith('.0') && text.startsWith(printed) && Number.isSafeInteger(n) ? n : text;
  }
  switch (text) {
    case 'true':
    case 'True':
      return true;
    case 'false':
    case 'False':
      return false;
    case 'NaN':
      return null;
    default:
      return text;
  }
}

/** The rule with typing switched off: empty is `null`, anything else is text. */
export function textCell(text: string): CsvCell {
  return text === '' ? null : text;
}

/** How a cell is written: numbers and booleans as printed by JavaScript, `null` as empty. */
export function cellText(cell: CsvCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'string' ? cell : String(cell);
}

/** Where a value came from, for error messages. */
export interface ValueSource {
  /** 0-based position of the row in the data given to the call. */
  item: number;
  column: string;
}

/** OWASP's CSV injection rule: spreadsheets run a cell starting so as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * `infer`, with text cells a spreadsheet would run as a formula prefixed by a single quote.
 * Applied to written values only, so the cached table holds what the file holds.
 */
export function escapingFormulae(infer: (text: string) => CsvCell): (text: string) => CsvCell {
  return (text) => {
    const cell = infer(text);
    return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
  };
}

/**
 * Converts a value given to a write into the cell a later read returns, so what is cached
 * after a write is exactly what parsing the written file gives. Nested objects, arrays,
 * functions and non-finite numbers have no faithful CSV form and are refused.
 */
export function cellFromValue(value: unknown, source: ValueSource, infer: (text: string) => CsvCell): CsvCell {
  return infer(valueText(value, source));
}

function valueText(value: unknown, source: ValueSource): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    case 'number':
      if (Number.isFinite(value)) return String(value);
      throw badValue(source, `${value} has no CSV form; store it as text or null`);
    case 'object':
      if (value === null) return '';
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw badValue(source, 'an invalid Date has no CSV form');
        return value.toISOString();
      }
      throw badValue(source, `${Array.isArray(value) ? 'an array' : 'an object'} does not fit in one cell; JSON.stringify it or split it into columns`);
    default:
      throw badValue(source, `a ${typeof value} does not fit in one cell`);
  }
}

function badValue(source: ValueSource, why: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', `Row ${source.item}, column "${source.column}": ${why}.`, {
    provider: 'csv',
    details: { row: source.item, column: source.column },
  });
}
