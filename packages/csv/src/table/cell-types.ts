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
  if ((first >= 48 && first <= 57) || first === 45 || first === 46) return numberOrText(text, first);
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

/**
 * The number `text` is the printed form of, else `text` (see {@link inferCell}). One pass over
 * the characters settles most cells without converting and printing: a character no printed
 * number holds (a date's `T` or `:`) means text, and a plain decimal of at most 15 digits
 * without a leading zero, a trailing fractional zero or an exponent (`42`, `-7`, `3.25`) is
 * always its number's printed form, whole numbers being summed on the way. The rest (`007`,
 * `2.0`, `1e+21`, `-0`, `0.0000001`, long digit runs) is converted and printed to decide.
 */
function numberOrText(text: string, first: number): CsvCell {
  const start = first === 45 ? 1 : 0;
  const end = text.length;
  let dot = -1;
  let plain = true;
  let whole = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (dot < 0) whole = whole * 10 + (c - 48);
    } else if (c === 46 && dot < 0) dot = i;
    else if (c === 101 || c === 69 || c === 43 || c === 45 || c === 46) plain = false;
    // Printed numbers hold only digits, '.', 'e', '+' and '-'.
    else return text;
  }
  const digits = end - start - (dot < 0 ? 0 : 1);
  const intDigits = (dot < 0 ? end : dot) - start;
  if (plain && digits >= 1 && digits <= 15 && intDigits >= 1 && (text.charCodeAt(start) !== 48 || intDigits === 1)) {
    if (dot < 0) {
      // `-0` prints as `0`: left to the careful way.
      if (start === 0 || whole !== 0) return start === 0 ? whole : -whole;
    } else if (dot < end - 1 && text.charCodeAt(end - 1) !== 48 && (whole !== 0 || !smallerThanAMillionth(text, dot))) {
      return Number(text);
    }
  }
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const printed = String(n);
  if (printed === text) return n;
  // `2.0`: a whole number in pandas' float spelling (`-0.0`, `007.0` stay text).
  return text.length === printed.length + 2 && text.endsWith('.0') && text.startsWith(printed) && Number.isSafeInteger(n) ? n : text;
}

/** `0.000000…`: six zeros after the dot, a value JavaScript prints with an exponent (`1e-7`). */
function smallerThanAMillionth(text: string, dot: number): boolean {
  for (let i = dot + 1; i <= dot + 6; i++) if (text.charCodeAt(i) !== 48) return false;
  return true;
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
