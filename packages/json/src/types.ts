import type {
  DeleteDocumentOptions,
  DocumentId,
  ObjectStore,
  Query,
  ReadOptions,
  StorageResult,
  StorageRouter,
  WriteMode,
  WriteOptions,
} from '@agentmap/storage-core';

/**
 * How a collection is laid out in the store.
 * - `single-file`: one object `<collection>.json` holding every document (AgentMap's format).
 * - `per-document`: one object per document, `<collection>/<id>.json`, for large or busy
 *   collections on cloud stores: an update rewrites one small object instead of the collection.
 */
export type JsonLayout = 'single-file' | 'per-document';

/** Shapes a whole-collection read can return. */
export type JsonFormat = 'raw' | 'records' | 'dict';

/** One problem reported by a schema: where it is and what is wrong. */
export interface SchemaIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/**
 * Anything with zod's `safeParse`: a zod schema works as is, and so does any validator that
 * returns `{ success: true, data }` or `{ success: false, error: { issues } }`.
 */
export interface SchemaLike<T = unknown> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<SchemaIssue> } };
}

/** Where the service keeps its collections: one store, or a router for URIs and named collections. */
export interface JsonStorageTarget {
  /** Every collection is an object (or a folder, per document) of this store. */
  store?: ObjectStore;
  /** Collections may be URIs (`s3://bucket/users.json`) or names looked up in config. */
  router?: StorageRouter;
  /** Key prefix (a folder) inside `store`, e.g. `json/`. */
  prefix?: string;
}

/** Options of {@link createJsonStorage}. */
export interface JsonStorageOptions {
  /** Spaces of indentation in written files (0 writes compact JSON). Default 2, as AgentMap. */
  indent?: number;
  /** Layout of every collection not named in `layouts`. Default `single-file`. */
  layout?: JsonLayout;
  /** Layout per collection name: `{ events: 'per-document' }`. */
  layouts?: Record<string, JsonLayout>;
  /** A schema per collection name; every document written there must pass it. */
  schemas?: Record<string, SchemaLike>;
  /** Key prefix (a folder) inside the store, e.g. `json/`. */
  prefix?: string;
  /** Attempts of one read-modify-write under contention before `PRECONDITION_FAILED`. Default 50. */
  maxAttempts?: number;
  /**
   * Field that holds a document's id in list-shaped collections. Default `id`. When given
   * here (or on a read), `records` reads of object collections also carry each key in it.
   */
  idField?: string;
  /** Parallel store calls of per-document collections and batches. Default 8. */
  concurrency?: number;
  /** Parsed single-file collections kept in memory (revalidated by etag). Default 32. */
  cacheEntries?: number;
}

/** Options of {@link JsonStorage.read}. */
export interface JsonReadOptions extends ReadOptions {
  /**
   * Shape of a whole-collection read: `raw` (as stored, the default), `records` (a list of the
   * documents as stored; with `idField`, each also carries its key in that field unless it
   * already has one) or `dict` (keyed by id). A read by id returns the one document (or
   * `undefined`) whatever the format.
   */
  format?: JsonFormat;
}

/** Options of {@link JsonStorage.exists}. */
export interface JsonExistsOptions {
  /** Dot path inside the document (or, without an id, inside the collection) that must hold a value. */
  path?: string;
  /** Field that holds ids in list-shaped collections. */
  idField?: string;
  signal?: AbortSignal;
}

/** Options of {@link JsonStorage.count}. */
export interface JsonCountOptions {
  /** Counts the entries of the list or object at this dot path of the collection (`u1.tags`). */
  path?: string;
  /** Field that holds ids in list-shaped collections. */
  idField?: string;
  signal?: AbortSignal;
}

/** Options of {@link JsonStorage.write}. */
export interface JsonWriteOptions extends WriteOptions {
  /** `write` (default), `update` or `append`; `WriteMode.UPDATE` and `'update'` alike. */
  mode?: WriteMode;
}

/** Options of {@link JsonStorage.delete}. */
export type JsonDeleteOptions = DeleteDocumentOptions;

/** One item of {@link JsonStorage.batchWrite}. */
export interface BatchWriteItem<T = unknown> {
  data: T;
  /** Without an id, the document is keyed by its id field, or by a generated id. */
  documentId?: DocumentId;
  mode?: WriteMode;
  path?: string;
}

/** Options of {@link JsonStorage.batchWrite}. */
export interface BatchWriteOptions {
  idField?: string;
  signal?: AbortSignal;
}

/** One failed item of a batch. */
export interface BatchFailure {
  index: number;
  documentId?: string;
  error: { code: string; message: string };
}

/**
 * The JSON document service. Reading something that does not exist gives `undefined`;
 * updating or deleting a missing document gives a failed {@link StorageResult}; invalid
 * input, unsafe names and unreadable files throw a `StorageError`.
 */
export interface JsonStorage {
  /**
   * A document (`read('users', 'u1')`), a value inside it (`{ path: 'preferences.theme' }`),
   * or the collection, filtered and shaped by `query` and `format`.
   */
  read<T = unknown>(collection: string, documentId?: DocumentId, options?: JsonReadOptions): Promise<T | undefined>;
  /** Writes, merges (`mode: 'update'`) or appends (`mode: 'append'`) a document, a path, or the collection. */
  write<T = unknown>(collection: string, data: T, documentId?: DocumentId, options?: JsonWriteOptions): Promise<StorageResult>;
  /** Deletes a document, a path inside it, the matches of a query, or the whole collection. */
  delete(collection: string, documentId?: DocumentId, options?: JsonDeleteOptions): Promise<StorageResult>;
  /** Whether the collection, one document of it, or a value at `options.path` exists. */
  exists(collection: string, documentId?: DocumentId, options?: JsonExistsOptions): Promise<boolean>;
  /** Documents (or list items, or entries at `options.path`) matching `query`, after its offset and limit. */
  count(collection: string, query?: Query, options?: JsonCountOptions): Promise<number>;
  /** Names of the collections in the store (under the prefix), sorted. */
  listCollections(): Promise<string[]>;
  /** Writes every item (one conditional write per single-file collection); failures are reported per item. */
  batchWrite<T = unknown>(collection: string, items: ReadonlyArray<BatchWriteItem<T>>, options?: BatchWriteOptions): Promise<StorageResult<{ failures: BatchFailure[] }>>;
  /** A handle bound to one collection, typed by `T` (or by the schema given). */
  collection<T = unknown>(name: string): JsonCollection<T>;
}

/** {@link JsonStorage} bound to one collection with a document type. */
export interface JsonCollection<T> {
  readonly name: string;
  read(documentId: DocumentId, options?: Omit<JsonReadOptions, 'format' | 'query'>): Promise<T | undefined>;
  readAll(options?: JsonReadOptions): Promise<unknown>;
  write(data: T, documentId?: DocumentId, options?: JsonWriteOptions): Promise<StorageResult>;
  update(data: Partial<T>, documentId: DocumentId, options?: Omit<JsonWriteOptions, 'mode'>): Promise<StorageResult>;
  delete(documentId?: DocumentId, options?: JsonDeleteOptions): Promise<StorageResult>;
  exists(documentId?: DocumentId, options?: JsonExistsOptions): Promise<boolean>;
  count(query?: Query, options?: JsonCountOptions): Promise<number>;
}
