import type { CsvCell } from '../types';

/** How files of one service are read and written. */
export interface Dialect {
  delimiter: string;
  encoding: 'utf8' | 'utf16le' | 'latin1' | 'windows1252' | 'ascii';
  /** The typing rule in force (see cell-types.ts). */
  infer: (text: string) => CsvCell;
  /** The typing rule for values a write gives: `infer`, then formula escaping when asked for. */
  written: (text: string) => CsvCell;
  /** For new files; existing files keep their own. */
  lineEnding: '\n' | '\r\n';
  bom: boolean;
}
