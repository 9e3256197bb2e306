import { type DocumentId, StorageError, type WriteMode, isWriteMode, normaliseId } from '@agentmap/storage-core';
import { type PathSegments, parsePath } from '../documents/dot-path';

/** Checks a write mode given as a string or a `WriteMode` constant; default `write`. */
export function parseMode(mode: unknown): WriteMode {
  if (mode === undefined) return 'write';
  if (isWriteMode(mode)) return mode;
  throw new StorageError('INVALID_ARGUMENT', `Unknown write mode ${JSON.stringify(mode)}; use 'write', 'update' or 'append' (or WriteMode.WRITE, .UPDATE, .APPEND).`, {
    provider: 'json',
  });
}

/** Checks a document id (string or finite number, not empty); keeps numbers as numbers for matching. */
export function checkId(id: DocumentId | undefined): DocumentId | undefined {
  if (id === undefined) return undefined;
  normaliseId(id, 'json');
  return id;
}

/** Parses an optional dot path. */
export function optionalPath(path: unknown): PathSegments | undefined {
  return path === undefined ? undefined : parsePath(path);
}
