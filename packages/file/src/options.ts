import type { Query, ServiceTarget, WriteMode } from '@agentmap/storage-core';

/** Where the file service keeps its files: one ObjectStore (optionally under a key prefix), or a router. */
export type FileStorageTarget = ServiceTarget;

/** Options of {@link createFileStorage}; each read or write may override the defaults. */
export interface FileStorageOptions {
  /** Treat every file as bytes unless a call says otherwise. Default `false`: decided by extension. */
  binaryMode?: boolean;
  /** Split loaded documents into chunks by default. Default `false`. */
  shouldSplit?: boolean;
  /** Characters per chunk when splitting. Default 1000. */
  chunkSize?: number;
  /** Characters shared by neighbouring chunks. Default 200. */
  chunkOverlap?: number;
  /**
   * Extensions the service reads and writes (`['.txt', 'md']`, any case, dot optional); other
   * files are refused with `INVALID_ARGUMENT`. Include `''` to allow names without an extension.
   * Default: every extension.
   */
  allowedExtensions?: readonly string[];
  /**
   * Largest file written, or read into memory (`readStream` is not limited): bytes, or a size
   * such as `"50MB"` (binary units). Streams are counted as they flow and aborted past the
   * limit, leaving nothing stored. Default: no limit.
   */
  maxFileSize?: number | string;
  /** Whether binary files may be written. Default `true`. */
  allowBinary?: boolean;
}

/** Picks documents out of a loaded file: by position, by metadata, or both. */
export interface DocumentQuery extends Query {
  /** Position in the loaded (and, when splitting, chunked) list; returns that one document. */
  documentIndex?: number;
  /** AgentMap's spelling of {@link DocumentQuery.documentIndex}. */
  document_index?: number;
  /**
   * Filters on document metadata (`{ page: 2 }`, `{ page: { $gte: 2 } }`), with the query
   * language of the other services. Other keys of the query filter metadata too.
   */
  metadata?: Record<string, unknown>;
}

/** Shapes a read can return. */
export type FileReadFormat = 'raw' | 'text' | 'structured' | 'documents';

/** Options of a file read. */
export interface FileReadOptions {
  /** Return the bytes, whatever the extension. */
  binaryMode?: boolean;
  /**
   * `raw` (default): text files as a string, PDF and DOCX as documents, other binary files as
   * bytes. `text`: extracted text as one string. `structured`: `{ content, metadata }`.
   * `documents`: `{ pageContent, metadata }[]` through the format's loader.
   */
  format?: FileReadFormat;
  /** For a directory: list files in sub-folders too, as relative paths. */
  recursive?: boolean;
  /** Split documents into chunks (implies `format: 'documents'`). */
  shouldSplit?: boolean;
  chunkSize?: number;
  chunkOverlap?: number;
  /** Pick documents by index or metadata (implies `format: 'documents'`). */
  query?: DocumentQuery;
  signal?: AbortSignal;
}

/** Options of a file write. */
export interface FileWriteOptions {
  /**
   * `write` (default) creates or replaces; `update` replaces a file that must exist;
   * `append` adds to the end (text gets `"\n\n"` between old and new), creating the file.
   */
  mode?: WriteMode;
  /** Write bytes as given and treat the file as binary (no separator on append). */
  binaryMode?: boolean;
  /** Content type stored with the file. Default: from the extension. */
  contentType?: string;
  signal?: AbortSignal;
}

/** Options of a file or directory delete. */
export interface FileDeleteOptions {
  /** Required to delete a directory that holds files: deletes everything under it. */
  recursive?: boolean;
  signal?: AbortSignal;
}

/** Options of {@link FileStorage.copy} and {@link FileStorage.move}. */
export interface FileCopyOptions {
  /** Collection of the destination. Default: the source's collection. */
  toCollection?: string;
  /** Replace an existing destination. Default `true`; `false` fails with `ALREADY_EXISTS`. */
  overwrite?: boolean;
  /** Required to copy or move a directory. */
  recursive?: boolean;
  signal?: AbortSignal;
}
