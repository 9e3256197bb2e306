import { debuglog } from 'node:util';
import { StorageError } from '@agentmap/storage-core';
import { escapingFormulae, inferCell, textCell } from '../table/cell-types';
import type { Dialect } from '../table/dialect';
import type { CsvStorageOptions, CsvWarning } from '../types';

/** Options after validation and defaults. */
export interface CsvSettings {
  dialect: Dialect;
  prefix: string | undefined;
  maxAttempts: number;
  idField: string | undefined;
  cacheSize: number;
  freshnessMs: number;
  warn: (warning: CsvWarning) => void;
}

const debug = debuglog('agentmap-csv');

/** Default warning sink: the `agentmap-csv` debug log (`NODE_DEBUG=agentmap-csv`). */
function logWarning(warning: CsvWarning): void {
  debug('%s', warning.message);
}

const ENCODINGS: Record<string, Dialect['encoding']> = {
  utf8: 'utf8',
  'utf-8': 'utf8',
  utf16le: 'utf16le',
  'utf-16le': 'utf16le',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
  'windows-1252': 'windows1252',
  cp1252: 'windows1252',
  ascii: 'ascii',
};

/** Validates the options of `createCsvStorage`; a bad one is `INVALID_ARGUMENT` naming it. */
export function resolveSettings(options: CsvStorageOptions): CsvSettings {
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    throw invalid(`options.delimiter must be one character other than a quote or a line break (',', ';', '\\t', '|'); got ${JSON.stringify(delimiter)}.`);
  }
  const encoding = ENCODINGS[String(options.encoding ?? 'utf8').toLowerCase()];
  if (!encoding) throw invalid(`options.encoding must be one of ${Object.keys(ENCODINGS).join(', ')}; got ${JSON.stringify(options.encoding)}.`);
  const lineEnding = options.lineEnding ?? '\n';
  if (lineEnding !== '\n' && lineEnding !== '\r\n') throw invalid(`options.lineEnding must be '\\n' or '\\r\\n'; got ${JSON.stringify(lineEnding)}.`);
  const maxAttempts = positiveInt(options.maxAttempts, 50, 'maxAttempts', 1);
  const cacheSize = positiveInt(options.cacheSize, 16, 'cacheSize', 0);
  const freshnessMs = positiveInt(options.freshnessMs, 0, 'freshnessMs', 0);
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') {
    throw invalid(`options.onWarning must be a function (warning) => void; got ${typeof options.onWarning}.`);
  }
  if (options.idField !== undefined && (typeof options.idField !== 'string' || options.idField === '')) {
    throw invalid(`options.idField must be a column name; got ${JSON.stringify(options.idField)}.`);
  }
  if (options.escapeFormulae !== undefined && typeof options.escapeFormulae !== 'boolean') {
    throw invalid(`options.escapeFormulae must be true or false; got ${JSON.stringify(options.escapeFormulae)}.`);
  }
  const infer = options.inferTypes === false ? textCell : inferCell;
  return {
    dialect: {
      delimiter,
      encoding,
      lineEnding,
      bom: options.bom === true,
      infer,
      written: options.escapeFormulae === true ? escapingFormulae(infer) : infer,
    },
    prefix: options.prefix,
    maxAttempts,
    idField: options.idField,
    cacheSize,
    freshnessMs,
    warn: options.onWarning ?? logWarning,
  };
}

function positiveInt(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw invalid(`options.${name} must be an integer of at least ${min}; got ${JSON.stringify(value)}.`);
  return value;
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_ARGUMENT', message, { provider: 'csv' });
}
