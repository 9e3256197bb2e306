import type { DocumentId, Query, ResolvedTarget, StorageResult } from '@agentmap/storage-core';
import type { PathSegments } from '../documents/dot-path';
import type { DeleteOp, OperationSettings, WriteOp } from '../operations/settings';
import type { BatchFailure, JsonFormat } from '../types';

/** One call on one collection, with everything already checked by the service. */
export interface LayoutRequest {
  target: ResolvedTarget;
  settings: OperationSettings;
  signal?: AbortSignal;
}

/** Result fields of a write or delete; expected failures are thrown as `StorageError`s. */
export type ResultFields = Partial<StorageResult>;

/** What a batch did: the fields of the whole, and the items that failed. */
export interface BatchOutcome {
  fields: ResultFields;
  failures: BatchFailure[];
}

/**
 * How a collection is stored. Both layouts give the same answers to the same calls; they
 * differ only in which objects they read and write.
 */
export interface Layout {
  /** One document (or the value at `path` inside it); `records` shapes it as one row of a records read. */
  readDocument(request: LayoutRequest, id: DocumentId, path: PathSegments | undefined, format: JsonFormat): Promise<unknown>;
  readCollection(request: LayoutRequest, format: JsonFormat, query: Query | undefined, path: PathSegments | undefined): Promise<unknown>;
  write(request: LayoutRequest, op: WriteOp): Promise<ResultFields>;
  /** Deletes a document, a path, or (with neither) the whole collection. */
  delete(request: LayoutRequest, op: DeleteOp): Promise<ResultFields>;
  deleteMatching(request: LayoutRequest, query: Query): Promise<ResultFields>;
  /** Whether the collection, the document, or a value at `path` (inside the document, else the collection) exists. */
  exists(request: LayoutRequest, id: DocumentId | undefined, path: PathSegments | undefined): Promise<boolean>;
  /** Entries of the collection (or of the list or object at `path` in it) matching `query`. */
  count(request: LayoutRequest, query: Query | undefined, path: PathSegments | undefined): Promise<number>;
  batch(request: LayoutRequest, ops: readonly WriteOp[]): Promise<BatchOutcome>;
}
