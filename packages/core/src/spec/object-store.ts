import type { Readable } from 'node:stream';
import type { StoreCapabilities } from './capabilities';
import type { ListEntry, ObjectInfo } from './object-info';

/**
 * What `put` accepts: UTF-8 text, bytes, or a Node or Web readable stream of bytes.
 * Streams are consumed once and never buffered whole by backends that can stream.
 */
export type PutBody = string | Uint8Array | ArrayBuffer | Readable | NodeJS.ReadableStream | ReadableStream<Uint8Array>;

/** A byte range: `offset` from the start, `length` bytes (to the end when omitted). */
export interface ByteRange {
  offset: number;
  length?: number;
}

/** Options every call accepts. */
export interface CallOptions {
  /** Aborts the call; it then rejects with code `ABORTED` (or `TIMEOUT` from withTimeout). */
  signal?: AbortSignal;
}

export interface GetOptions extends CallOptions {
  /** Read only these bytes. Past the end is truncated; an offset past the end is `INVALID_ARGUMENT`. */
  range?: ByteRange;
}

export interface PutOptions extends CallOptions {
  contentType?: string;
  /** User metadata; keys are stored lower-case. */
  metadata?: Record<string, string>;
  /** Write only if the current object has this etag; else `PRECONDITION_FAILED`. */
  ifMatch?: string;
  /** `'*'`: write only if no object exists at the key; else `PRECONDITION_FAILED`. */
  ifNoneMatch?: '*';
  /** Size of a streamed body when known; lets cloud backends skip buffering or multipart. */
  contentLength?: number;
}

export interface DeleteOptions extends CallOptions {
  /** Delete only if the current object has this etag; else `PRECONDITION_FAILED`. */
  ifMatch?: string;
}

export interface ListOptions extends CallOptions {
  /** Group keys by this delimiter (usually `/`) into `{ kind: 'prefix' }` entries. */
  delimiter?: string;
  /** How many entries to fetch per page from the backend (a hint; listing stays lazy). */
  pageSize?: number;
  /** Start after this key (exclusive), to resume a listing. */
  startAfter?: string;
}

export interface CopyOptions extends CallOptions {
  /** Copy only if the source has this etag. */
  ifMatch?: string;
  /** `'*'`: copy only if nothing exists at the destination. */
  ifNoneMatch?: '*';
}

export interface SetStorageClassOptions extends CallOptions {
  /** Change the class only if the current object has this etag; else `PRECONDITION_FAILED`. */
  ifMatch?: string;
}

export interface PresignOptions extends CallOptions {
  method: 'GET' | 'PUT';
  /** Seconds the URL stays valid. */
  expiresIn: number;
  /** For PUT: the content type the upload must carry. */
  contentType?: string;
}

/** The result of {@link ObjectStore.get}. */
export interface GetResult {
  body: Uint8Array;
  info: ObjectInfo;
}

/** The result of {@link ObjectStore.getStream}. */
export interface GetStreamResult {
  stream: Readable;
  info: ObjectInfo;
}

/**
 * Bytes by key inside one namespace (a base directory, a container, a bucket). Every backend
 * implements this contract and passes the conformance suite of `@agentmap/storage-testkit`.
 *
 * Keys are `/`-separated, relative, and never contain `..` segments or NUL bytes.
 * Every failure is a `StorageError`.
 */
export interface ObjectStore {
  /** The backend's name: `memory`, `local`, `azure`, `s3`, `gcs`, or a plugin's. */
  readonly provider: string;
  /** What this store is bound to, for messages (`local:./data`, `s3://bucket`). Holds no secret. */
  readonly location: string;
  readonly capabilities: StoreCapabilities;

  /** Reads a whole object (or a range). A missing key throws `NOT_FOUND`. */
  get(key: string, options?: GetOptions): Promise<GetResult>;
  /** Reads an object as a stream. A missing key throws `NOT_FOUND` before any byte flows. */
  getStream(key: string, options?: GetOptions): Promise<GetStreamResult>;
  /**
   * Creates or replaces an object. Returns its new info, with its etag. A put that fails or
   * is aborted stores nothing, keeps the object it would have replaced, and destroys a stream
   * body, so the caller's file handle or socket is released.
   */
  put(key: string, body: PutBody, options?: PutOptions): Promise<ObjectInfo>;
  /** Info about an object, or `undefined` when there is none. */
  head(key: string, options?: CallOptions): Promise<ObjectInfo | undefined>;
  /**
   * Deletes an object. Deleting a missing key succeeds and returns `false` without `ifMatch`;
   * with `ifMatch` it throws `NOT_FOUND`. Returns `true` when an object was removed (or when
   * the backend cannot tell).
   */
  delete(key: string, options?: DeleteOptions): Promise<boolean>;
  /**
   * Lists keys starting with `prefix` in lexicographic (UTF-8 byte) order, one entry at a
   * time, fetching the next page only when the consumer asks for more.
   */
  list(prefix?: string, options?: ListOptions): AsyncIterable<ListEntry>;
  /** Copies an object inside this store. A missing source throws `NOT_FOUND`. */
  copy(from: string, to: string, options?: CopyOptions): Promise<ObjectInfo>;
  /**
   * Moves an object to another storage class or access tier (`STANDARD_IA`, `Cool`,
   * `NEARLINE`) through the provider's own call, keeping its bytes and metadata; present only
   * on backends whose `capabilities.storageClasses` lists classes. A class not in that list is
   * `INVALID_ARGUMENT`, a missing key `NOT_FOUND`. Returns the object's info after the change
   * (its etag may change: some providers rewrite the object).
   */
  setStorageClass?(key: string, storageClass: string, options?: SetStorageClassOptions): Promise<ObjectInfo>;
  /**
   * The key's current etag, answered at once and without I/O, or `undefined` when the key
   * does not exist — only from a store that holds its objects in this process (the memory
   * store), where the answer cannot be stale. Services use it to serve a cached parse without
   * a `head`. Layers do not forward it: a store reached through layers is asked with `head`.
   */
  currentEtag?(key: string): string | undefined;
  /** A URL that grants `method` on the key for `expiresIn` seconds, when supported. */
  presign?(key: string, options: PresignOptions): Promise<string>;
  /** Releases sockets, timers and handles. The store is unusable afterwards. */
  close?(): Promise<void>;
}
