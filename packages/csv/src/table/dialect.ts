import type { CsvCell } from '../types';

/** How files of one service are read and written. */
export interface Dialect {
  delimiter: string;
  encoding: 'utf8' | 'utf16le' | 'latin1' | 'ascii';
  /** The typing rule in force (see cell-types.ts). */
  infer: (text: string) => CsvCell;
  /** For new files; existing files keep their own. */
  lineEnding: '\n' | '\r\n';
  bom: boolean;
}
