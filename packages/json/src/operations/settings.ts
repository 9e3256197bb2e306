import type { DocumentId, WriteMode } from '@agentmap/storage-core';
import type { PathSegments } from '../documents/dot-path';

/** What the pure operations need to know about the collection they work on. */
export interface OperationSettings {
  collection: string;
  idField: string;
  /** The id field the caller named (on the call or the service); records carry keys only there. */
  recordIdField?: string;
  /** Throws `INVALID_ARGUMENT` when a document fails the collection's schema (no-op without one). */
  validate(document: unknown, id: string | undefined): void;
  /** A fresh id for an appended document that carries none. */
  newId(): string;
}

/** One write, with its data already checked and detached from the caller (see `toStored`). */
export interface WriteOp {
  mode: WriteMode;
  data: unknown;
  id?: DocumentId;
  path?: PathSegments;
}

/** One delete. */
export interface DeleteOp {
  id?: DocumentId;
  path?: PathSegments;
}

/** How a document is named in messages. */
export function describeDocument(settings: OperationSettings, id: DocumentId | undefined): string {
  return id === undefined ? `collection "${settings.collection}"` : `document "${String(id)}" of "${settings.collection}"`;
}
