import { type Query, type StorageResult, applyQuery, idsEqual } from '@agentmap/storage-core';
import { deletePath } from '../documents/dot-path';
import { type JsonObject, setOwn } from '../documents/own';
import { entriesOf, entryGetter } from '../collection/entries';
import { type CollectionView, type DocumentSlot, documentAt, itemId, locate, shapeOf } from '../collection/view';
import type { DeleteOp, OperationSettings } from './settings';
import { missingDocument } from './write-document';

/** A collection after a delete; `changed` false means nothing needs writing. */
export interface CollectionDeletion {
  data: unknown;
  changed: boolean;
  fields: Partial<StorageResult>;
}

/**
 * Deletes from an existing single-file collection: a document (every list item with that
 * id), a path inside a document or the collection (a missing path changes nothing), or the
 * documents matching a query. A missing document is `NOT_FOUND`. Pure: returns new data.
 */
export function deleteFromCollection(view: CollectionView, op: DeleteOp, settings: OperationSettings): CollectionDeletion {
  const { data } = view;
  if (op.id !== undefined) {
    const slot = locate(view, op.id, settings.idField);
    if (!slot) throw missingDocument(settings, op.id);
    const documentId = String(op.id);
    if (op.path) {
      const { value, removed } = deletePath(documentAt(data, slot), op.path);
      if (!removed) return { data, changed: false, fields: { documentId, rowsDeleted: 0 } };
      settings.validate(value, documentId);
      return { data: replaceAt(data, slot, value), changed: true, fields: { documentId, rowsDeleted: 1 } };
    }
    if (slot.shape === 'object') {
      const next: JsonObject = { ...(data as JsonObject) };
      delete next[slot.key];
      return { data: next, changed: true, fields: { documentId, rowsDeleted: 1, deletedIds: [slot.key] } };
    }
    const list = data as unknown[];
    const next = list.filter((item) => {
      const id = itemId(item, settings.idField);
      return id === undefined || !idsEqual(id, op.id!);
    });
    return { data: next, changed: true, fields: { documentId, rowsDeleted: list.length - next.length, deletedIds: [documentId] } };
  }
  const { value, removed } = deletePath(data, op.path!);
  return { data: value, changed: removed, fields: { rowsDeleted: removed ? 1 : 0 } };
}

/** Deletes the documents matching `query` (filter, sort, offset, limit) and reports their ids. */
export function deleteMatching(view: CollectionView, query: Query, settings: OperationSettings): CollectionDeletion {
  const { data } = view;
  const all = entriesOf(data, settings.idField);
  const matches = applyQuery(all, query, { get: entryGetter(settings.idField) });
  const deletedIds = matches.map((entry) => entry.id);
  if (matches.length === 0) return { data, changed: false, fields: { rowsDeleted: 0, deletedIds } };
  const doomed = new Set(matches);
  const kept = all.filter((entry) => !doomed.has(entry));
  let next: unknown;
  if (shapeOf(data) === 'object') {
    const object: JsonObject = {};
    for (const entry of kept) setOwn(object, entry.id, entry.document);
    next = object;
  } else {
    next = kept.map((entry) => entry.document);
  }
  return { data: next, changed: true, fields: { rowsDeleted: matches.length, deletedIds } };
}

function replaceAt(data: unknown, slot: DocumentSlot, value: unknown): unknown {
  if (slot.shape === 'object') {
    const next: JsonObject = { ...(data as JsonObject) };
    setOwn(next, slot.key, value);
    return next;
  }
  const next = (data as unknown[]).slice();
  next[slot.index] = value;
  return next;
}
