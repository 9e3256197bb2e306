import type { VectorFilter } from '../filter/types';

/** A metadata value a vector database can store and filter on: a scalar or a list of scalars. */
export type MetadataScalar = string | number | boolean | null;
export type MetadataValue = MetadataScalar | readonly (string | number | boolean)[];
/** Flat metadata: every database we target filters on top-level keys only. */
export type VectorMetadata = Record<string, MetadataValue>;

/** How closeness is measured. Scores are always "higher is closer"; see {@link VectorMatch.score}. */
export type VectorMetric = 'cosine' | 'dot' | 'euclidean';

/** One record to store. `vector` is required by a {@link VectorStore}; the vector service embeds `text` when it is missing. */
export interface VectorRecord {
  /** Non-empty, at most 512 characters. Upserting an existing id replaces the record (no merge). */
  id: string;
  vector: readonly number[] | Float32Array;
  text?: string;
  metadata?: VectorMetadata;
}

/** A stored record, as `get` returns it. */
export interface StoredVectorRecord {
  id: string;
  vector: number[];
  text?: string;
  metadata: VectorMetadata;
}

/** One search result. */
export interface VectorMatch {
  id: string;
  /**
   * Higher is closer on every database: cosine similarity clamped to [0, 1]; for `dot`, the
   * inner product itself; for `euclidean`, `1 / (1 + distance)`, in (0, 1].
   */
  score: number;
  text?: string;
  metadata: VectorMetadata;
  /** Only with `includeVectors: true`. */
  vector?: number[];
}

export interface VectorQuery {
  vector: readonly number[] | Float32Array;
  /** Results to return at most (default 10, at most 10,000). `INVALID_ARGUMENT` when not a positive whole number. */
  limit?: number;
  /** Leave out matches whose score is below this. `INVALID_ARGUMENT` when not a finite number. */
  threshold?: number;
  /** The filter language of {@link VectorFilter}; what the database cannot express is `UNSUPPORTED`. */
  filter?: VectorFilter;
  includeVectors?: boolean;
  signal?: AbortSignal;
}

export interface UpsertOptions {
  signal?: AbortSignal;
}

/** What `upsert` did. A batch that failed in part throws a `StorageError` whose `details` list `failedIds` and `writtenIds`. */
export interface UpsertReport {
  upserted: number;
}

/** Which records `delete` removes: the given ids, or every record the filter matches. */
export type VectorDeleteSelector = { ids: readonly string[]; filter?: undefined } | { filter: VectorFilter; ids?: undefined };

/** What a database can do, so services and tests check instead of guessing. */
export interface VectorCapabilities {
  /** Filter operators pushed down to the database; any other is `UNSUPPORTED`. */
  filterOperators: readonly FilterOperatorName[];
  /** Records per request; bigger batches are split. */
  maxBatch: number;
  metrics: readonly VectorMetric[];
  /** True when search is exact (brute force); false for approximate (ANN) indexes. */
  exact: boolean;
}

export type FilterOperatorName =
  | '$eq'
  | '$ne'
  | '$gt'
  | '$gte'
  | '$lt'
  | '$lte'
  | '$in'
  | '$nin'
  | '$and'
  | '$or'
  | '$not'
  | '$nor'
  | '$exists'
  | '$all'
  | '$regex'
  | '$contains';

/**
 * The spec every vector package implements. Collections are created on first upsert; their
 * dimension is fixed by the first vector stored. Invalid input (wrong dimension, NaN or
 * Infinity, empty ids) is `INVALID_ARGUMENT` and nothing of the batch is stored.
 */
export interface VectorStore {
  readonly provider: string;
  readonly capabilities: VectorCapabilities;
  upsert(collection: string, records: readonly VectorRecord[], options?: UpsertOptions): Promise<UpsertReport>;
  /** Best first. A missing collection gives `[]`. */
  query(collection: string, query: VectorQuery): Promise<VectorMatch[]>;
  /** How many records were removed. */
  delete(collection: string, selector: VectorDeleteSelector, options?: { signal?: AbortSignal }): Promise<number>;
  count(collection: string, options?: { filter?: VectorFilter; signal?: AbortSignal }): Promise<number>;
  /** The records found, in the order asked, missing ids left out. */
  get(collection: string, ids: readonly string[], options?: { signal?: AbortSignal }): Promise<StoredVectorRecord[]>;
  listCollections(options?: { signal?: AbortSignal }): Promise<string[]>;
  /** True when the collection existed. */
  dropCollection(collection: string, options?: { signal?: AbortSignal }): Promise<boolean>;
  /** Releases connections and caches. */
  close?(): Promise<void>;
}
