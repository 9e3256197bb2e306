import { type DocumentId, StorageError } from '@agentmap/storage-core';
import { setPath, updatePath } from '../documents/dot-path';
import { deepMerge } from '../documents/merge';
import { type OperationSettings, type WriteOp, describeDocument } from './settings';

/** The document after a write, and whether it was created by it. */
export interface DocumentChange {
  document: unknown;
  createdNew: boolean;
}

/**
 * Applies one write to one document (`exists` false when there is none yet):
 * - `write` replaces it, or sets the value at `path` (creating the document when missing);
 * - `update` deep-merges into it, or sets the value at `path`; a missing document is `NOT_FOUND`;
 * - `append` adds the item(s) to the list stored at the document or at `path`, creating it.
 * The result passes the collection's schema, or this throws and nothing is written.
 */
export function writeDocument(existing: unknown, exists: boolean, op: WriteOp, settings: OperationSettings): DocumentChange {
  const where = describeDocument(settings, op.id);
  const current = exists ? existing : undefined;
  let document: unknown;
  switch (op.mode) {
    case 'write':
      document = op.path ? setPath(current, op.path, op.data, where) : op.data;
      break;
    case 'update':
      if (!exists) throw missingDocument(settings, op.id);
      document = op.path ? setPath(current, op.path, op.data, where) : deepMerge(current, op.data);
      break;
    default:
      document = op.path
        ? updatePath(current, op.path, (list) => appendItems(list, op.data, `${where} at "${op.path!.join('.')}"`), where)
        : appendItems(current, op.data, where);
  }
  settings.validate(document, op.id === undefined ? undefined : String(op.id));
  return { document, createdNew: !exists };
}

/** `list` with the item(s) of `data` added; a missing list is created, anything else is refused. */
export function appendItems(list: unknown, data: unknown, where: string): unknown[] {
  const items = Array.isArray(data) ? data : [data];
  if (list === undefined || list === null) return [...items];
  if (Array.isArray(list)) return [...list, ...items];
  throw new StorageError(
    'INVALID_ARGUMENT',
    `Cannot append to ${where}: it holds ${typeof list === 'object' ? 'an object' : `a ${typeof list}`}, and append adds to lists. Use mode 'update' to merge, or give a path to a list.`,
    { provider: 'json' },
  );
}

/** The expected failure of an update or delete of a document that is not there. */
export function missingDocument(settings: OperationSettings, id: DocumentId | undefined): StorageError {
  return new StorageError(
    'NOT_FOUND',
    id === undefined
      ? `Collection "${settings.collection}" does not exist; create it with mode 'write' first.`
      : `Document "${String(id)}" of "${settings.collection}" does not exist; check the id, or write the document first (mode 'write').`,
    { provider: 'json' },
  );
}

/** Items a write adds or sets: the length of an appended list, else one. */
export function itemCount(op: WriteOp): number {
  return op.mode === 'append' && Array.isArray(op.data) ? op.data.length : 1;
}

/** Counts reported for a write of `count` documents in a mode. */
export function rowCounts(mode: WriteOp['mode'], count: number): { rowsWritten?: number; rowsUpdated?: number; rowsAdded?: number } {
  return mode === 'write' ? { rowsWritten: count } : mode === 'update' ? { rowsUpdated: count } : { rowsAdded: count };
}
