import type {
  DeleteDocumentOptions,
  DocumentId,
  Query,
  ReadOptions,
  StorageResult,
  StorageService,
  WriteMode,
  WriteOptions,
} from '@agentmap/storage-core';

/**
 * One cell as read back: a number or boolean when the text round-trips exactly as one,
 * `null` for an empty cell, otherwise the text. See the README for the full typing rule.
 */
export type CsvCell = string | number | boolean | null;

/** A row as returned by reads: column name to cell. */
export type CsvRow = Record<string, CsvCell>;

/**
 * A columnar table from a data-frame library. At run time it is an arquero `ColumnTable`;
 * this interface names the part of it the service relies on, so the types do not require
 * arquero to be installed.
 */
export interface DataFrame {
  numRows(): number;
  columnNames(): string[];
  objects(): object[];
}

/** Shapes of a read. `dict` (default) is `{ rowIndex: row }`, `records` a list of rows. */
export type CsvFormat = 'dict' | 'records' | 'dataframe';

/** What a write accepts: one row, a list of rows, or a data frame. */
export type CsvWriteData = Record<string, unknown> | ReadonlyArray<Record<string, unknown>> | DataFrame;

/** What a read returns, depending on the id and format asked for. */
export type CsvReadResult = CsvRow | CsvRow[] | Record<string, CsvRow> | DataFrame | CsvCell;

/** Options of {@link createCsvStorage}. */
export interface CsvStorageOptions {
  /** Field separator, one character. Default `,`. */
  delimiter?: string;
  /**
   * Text encoding of the files: `utf8` (default; also `utf-8`), `utf16le` (`utf-16le`; a BOM
   * is kept), `latin1` (`iso-8859-1`), `windows-1252` (`cp1252`) or `ascii`. Files are
   * written back in the same encoding. In UTF-8, bytes that are not UTF-8 are `CORRUPT_DATA`
   * and the file is left untouched; a value the encoding cannot hold is `INVALID_ARGUMENT`.
   */
  encoding?: CsvEncoding;
  /**
   * Prefix text cells starting with `=`, `+`, `-`, `@`, a tab or a CR with a single quote
   * (OWASP's rule against CSV injection), so spreadsheets show them as text instead of
   * running them. Reads return the quote as part of the value. Default false: cells are
   * written as given.
   */
  escapeFormulae?: boolean;
  /** Key prefix (a folder) for every collection, e.g. `tables/`. */
  prefix?: string;
  /** Attempts of a conditional read-modify-write before giving up. Default 50. */
  maxAttempts?: number;
  /** Id column of every collection, overriding detection (a call's `idField` wins over it). */
  idField?: string;
  /** Line ending of new files; existing files keep theirs. Default `\n`. */
  lineEnding?: '\n' | '\r\n';
  /** Start new files with a byte-order mark (Excel likes one); existing files keep theirs. Default false. */
  bom?: boolean;
  /** Type numbers and booleans (default true); `false` returns every non-empty cell as text. */
  inferTypes?: boolean;
  /** Parsed collections kept in memory, keyed by etag. Default 16; 0 disables the cache. */
  cacheSize?: number;
  /**
   * Milliseconds a cached table is served without asking the store whether it changed.
   * Default 0: every read checks with a `head`, so a change by any process is seen at once.
   * A positive value trades that for speed: changes made through other services or
   * processes may be seen up to this late (this service's own writes are seen at once).
   */
  freshnessMs?: number;
  /**
   * Called with what a call did that the caller may not have meant, such as a query filter
   * on a column the table lacks (ignored, as AgentMap does). Default: the `agentmap-csv`
   * debug log (`NODE_DEBUG=agentmap-csv`).
   */
  onWarning?: (warning: CsvWarning) => void;
}

/** Something a call did that the caller may not have meant; see {@link CsvStorageOptions.onWarning}. */
export interface CsvWarning {
  /** `UNKNOWN_COLUMN`: a query filtered on a column the table lacks; the filter was ignored. */
  code: 'UNKNOWN_COLUMN';
  message: string;
  collection: string;
  /** The columns concerned. */
  columns: string[];
}

/** Encodings the service reads and writes. */
export type CsvEncoding = 'utf8' | 'utf-8' | 'utf16le' | 'utf-16le' | 'latin1' | 'iso-8859-1' | 'windows-1252' | 'cp1252' | 'ascii';

/** Options of {@link CsvStorage.read}. */
export interface CsvReadOptions extends ReadOptions {
  format?: CsvFormat;
  /** With an id: return only this column's value of the row. */
  path?: string;
}

/** Options of {@link CsvStorage.write}. */
export interface CsvWriteOptions extends WriteOptions {
  /** With an id: set only this column of the row (the data is the new value). */
  path?: string;
}

/** Options of {@link CsvStorage.exists}. */
export interface CsvExistsOptions {
  idField?: string;
  /** With an id: true only when the row has a non-empty value in this column. */
  path?: string;
  signal?: AbortSignal;
}

/** One item of {@link CsvStorage.batchWrite}. */
export interface CsvBatchItem {
  data: CsvWriteData;
  documentId?: DocumentId;
  /** Default: `update` (upsert by id) when the item has an id, `append` otherwise. */
  mode?: WriteMode;
}

/** Options of {@link CsvStorage.batchWrite}. */
export interface CsvBatchOptions {
  idField?: string;
  signal?: AbortSignal;
}

/** How one batch item fared. */
export interface CsvBatchItemOutcome {
  index: number;
  success: boolean;
  error?: { code: string; message: string };
}

/** The CSV table service: AgentMap's call shape over any ObjectStore. */
export interface CsvStorage extends StorageService<CsvReadResult, CsvWriteData> {
  /** One row by id (the first match), or `undefined`, in `dict` and `records` alike. */
  read(collection: string, documentId: DocumentId, options?: CsvReadOptions & { format?: 'dict' | 'records'; path?: undefined }): Promise<CsvRow | undefined>;
  /** Rows as a list (the query's result). */
  read(collection: string, documentId: undefined, options: CsvReadOptions & { format: 'records' }): Promise<CsvRow[] | undefined>;
  /** Rows as an arquero table (arquero must be installed). */
  read(collection: string, documentId: DocumentId | undefined, options: CsvReadOptions & { format: 'dataframe' }): Promise<DataFrame | undefined>;
  /** The whole collection (or the query's result) as `{ rowIndex: row }`. */
  read(collection: string, documentId?: undefined, options?: CsvReadOptions & { format?: 'dict' }): Promise<Record<string, CsvRow> | undefined>;
  read(collection: string, documentId?: DocumentId, options?: CsvReadOptions): Promise<CsvReadResult | undefined>;

  write(collection: string, data: CsvWriteData | CsvCell, documentId?: DocumentId, options?: CsvWriteOptions): Promise<StorageResult>;
  delete(collection: string, documentId?: DocumentId, options?: DeleteDocumentOptions): Promise<StorageResult>;
  exists(collection: string, documentId?: DocumentId, options?: CsvExistsOptions): Promise<boolean>;
  count(collection: string, query?: Query, options?: CsvExistsOptions): Promise<number>;
  /** Collection names (without `.csv`) under the prefix, sorted. */
  listCollections(): Promise<string[]>;
  /** Applies every item in one conditional write; per-item failures are reported, the rest kept. */
  batchWrite(collection: string, items: readonly CsvBatchItem[], options?: CsvBatchOptions): Promise<StorageResult<CsvBatchItemOutcome[]>>;
}
