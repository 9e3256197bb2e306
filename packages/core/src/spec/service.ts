import type { ErrorCode } from '../errors/codes';

/** How a write treats what is already stored. */
export const WriteMode = {
  /** Create or replace. */
  WRITE: 'write',
  /** Merge into what exists (upsert where the service says so). */
  UPDATE: 'update',
  /** Add to what exists, creating it when missing. */
  APPEND: 'append',
} as const;

/** `'write' | 'update' | 'append'`; the constants of {@link WriteMode} are the same strings. */
export type WriteMode = (typeof WriteMode)[keyof typeof WriteMode];

/** A document or row id: numbers and their string forms find the same entry. */
export type DocumentId = string | number;

/** Sort direction; any case is accepted (`'DESC'`, `'desc'`). */
export type SortOrder = 'asc' | 'desc' | 'ASC' | 'DESC' | (string & {});

/** Comparison operators accepted as a filter value: `{ age: { $gt: 30 } }`. */
export interface FilterOperators {
  $eq?: unknown;
  $ne?: unknown;
  $gt?: unknown;
  $gte?: unknown;
  $lt?: unknown;
  $lte?: unknown;
  $in?: readonly unknown[];
  $nin?: readonly unknown[];
  /** Substring of a string value, or an element of an array value. */
  $contains?: unknown;
}

/**
 * A query: every key except `limit`, `offset`, `sort`, `order` is a filter on that field.
 * A plain value means equality, a list means "in", an object of operators compares.
 * Applied in this order: filter, sort, offset, limit.
 */
export interface Query {
  limit?: number;
  offset?: number;
  sort?: string;
  order?: SortOrder;
  [field: string]: unknown;
}

/** Options of a service `read`. */
export interface ReadOptions {
  query?: Query;
  /** Dot path inside a document: `preferences.theme`, `items.0.name`. */
  path?: string;
  /** Shape of a whole-collection read; services list which they support. */
  format?: string;
  /** Field that holds ids, overriding detection. */
  idField?: string;
  signal?: AbortSignal;
}

/** Options of a service `write`. */
export interface WriteOptions {
  mode?: WriteMode;
  path?: string;
  idField?: string;
  signal?: AbortSignal;
}

/** Options of a service `delete`. */
export interface DeleteDocumentOptions {
  path?: string;
  query?: Query;
  idField?: string;
  signal?: AbortSignal;
}

/** The operation a {@link StorageResult} reports on. */
export type StorageOperation = 'read' | 'write' | 'update' | 'append' | 'delete' | 'batch_write' | (string & {});

/** What every service write and delete returns. */
export interface StorageResult<T = unknown> {
  success: boolean;
  operation: StorageOperation;
  collection: string;
  documentId?: string;
  mode?: WriteMode;
  /** Affected count in the sense of the operation (rows, documents, files). */
  count?: number;
  rowsWritten?: number;
  rowsUpdated?: number;
  rowsAdded?: number;
  rowsDeleted?: number;
  totalAffected?: number;
  createdNew?: boolean;
  /** The etag of the collection (or object) after the operation. */
  etag?: string;
  ids?: string[];
  deletedIds?: string[];
  message?: string;
  data?: T;
  /** On failure: the code and a message saying what to do. */
  error?: { code: ErrorCode; message: string };
}

/** The call shape every AgentMap service keeps (JSON, CSV, file). */
export interface StorageService<TRead = unknown, TWrite = unknown> {
  read(collection: string, documentId?: DocumentId, options?: ReadOptions): Promise<TRead | undefined>;
  write(collection: string, data: TWrite, documentId?: DocumentId, options?: WriteOptions): Promise<StorageResult>;
  delete(collection: string, documentId?: DocumentId, options?: DeleteDocumentOptions): Promise<StorageResult>;
  exists(collection: string, documentId?: DocumentId): Promise<boolean>;
  count(collection: string, query?: Query): Promise<number>;
  listCollections(): Promise<string[]>;
}

/** Parses a write mode given as a string or constant; anything else is `INVALID_ARGUMENT`. */
export function isWriteMode(value: unknown): value is WriteMode {
  return value === 'write' || value === 'update' || value === 'append';
}
