import { StorageError, type StorageResult, idsEqual } from '@agentmap/storage-core';
import { type PathSegments, getPath, setPath, updatePath } from '../documents/dot-path';
import { deepMerge } from '../documents/merge';
import { type JsonObject, isJsonObject, setOwn } from '../documents/own';
import { type CollectionView, documentAt, itemId, locate, shapeOf } from '../collection/view';
import { type OperationSettings, type WriteOp, describeDocument } from './settings';
import { appendItems, itemCount, missingDocument, rowCounts, writeDocument } from './write-document';

/** A collection after a write, and what to report about it. */
export interface CollectionChange {
  data: unknown;
  fields: Partial<StorageResult>;
}

/**
 * Applies one write to a single-file collection (`view` undefined when it does not exist yet)
 * and returns the new collection. Pure: the view's data is never mutated. Expected failures
 * (`NOT_FOUND`, `ALREADY_EXISTS`) and invalid input (`INVALID_ARGUMENT`) are thrown.
 */
export function writeCollection(view: CollectionView | undefined, op: WriteOp, settings: OperationSettings): CollectionChange {
  if (op.id !== undefined) return writeById(view, op, settings);
  const data = view?.data;
  const where = describeDocument(settings, undefined);
  if (op.path) {
    if (op.mode === 'update' && view === undefined) throw missingDocument(settings, undefined);
    const next =
      op.mode === 'append'
        ? updatePath(data, op.path, (list) => appendItems(list, op.data, `${where} at "${op.path!.join('.')}"`), where)
        : setPath(data, op.path, op.data, where);
    validateEntry(next, op.path, settings);
    return { data: next, fields: { createdNew: view === undefined, ...rowCounts(op.mode, 1) } };
  }
  switch (op.mode) {
    case 'write':
      validateAll(op.data, settings);
      return { data: op.data, fields: { createdNew: view === undefined, rowsWritten: sizeOf(op.data) } };
    case 'update':
      if (view === undefined) throw missingDocument(settings, undefined);
      return mergeCollection(data, op.data, settings);
    default:
      return appendToCollection(data, op.data, view === undefined, settings);
  }
}

function writeById(view: CollectionView | undefined, op: WriteOp, settings: OperationSettings): CollectionChange {
  const id = op.id!;
  if (view === undefined) {
    if (op.mode === 'update') throw missingDocument(settings, id);
    const { document } = writeDocument(undefined, false, op, settings);
    const created: JsonObject = {};
    setOwn(created, String(id), document);
    return { data: created, fields: { documentId: String(id), createdNew: true, ...rowCounts(op.mode, itemCount(op)) } };
  }
  const slot = locate(view, id, settings.idField);
  const existing = slot === undefined ? undefined : documentAt(view.data, slot);
  const { document, createdNew } = writeDocument(existing, slot !== undefined, op, settings);
  const fields = { documentId: String(id), createdNew, ...rowCounts(op.mode, itemCount(op)) };
  switch (shapeOf(view.data)) {
    case 'object': {
      const next: JsonObject = { ...(view.data as JsonObject) };
      setOwn(next, slot?.shape === 'object' ? slot.key : String(id), document);
      return { data: next, fields };
    }
    case 'list': {
      const next = (view.data as unknown[]).slice();
      const item = withItemId(document, id, settings);
      if (slot?.shape === 'list') next[slot.index] = item;
      else next.push(item);
      return { data: next, fields };
    }
    default:
      throw holdsSingleValue(view.data, settings);
  }
}

function holdsSingleValue(data: unknown, settings: OperationSettings): StorageError {
  return new StorageError(
    'INVALID_ARGUMENT',
    `Collection "${settings.collection}" holds a single ${data === null ? 'null' : typeof data}, not documents; write it whole (mode 'write', without an id) to replace it.`,
    { provider: 'json' },
  );
}

/** A list item must carry its id so it can be found again: set it when missing, refuse a different one. */
function withItemId(document: unknown, id: string | number, settings: OperationSettings): unknown {
  if (!isJsonObject(document)) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `Collection "${settings.collection}" is a list, so document "${String(id)}" must be an object that can carry its "${settings.idField}" field.`,
      { provider: 'json' },
    );
  }
  const own = itemId(document, settings.idField);
  if (own === undefined) return { ...document, [settings.idField]: id };
  if (!idsEqual(own, id)) {
    throw new StorageError(
      'INVALID_ARGUMENT',
      `Document "${String(id)}" of "${settings.collection}" has ${settings.idField} ${JSON.stringify(own)}; give matching ids or leave the field out.`,
      { provider: 'json' },
    );
  }
  return document;
}

/** Update without an id: documents of an object merge into an object collection, items of a list upsert by id. */
function mergeCollection(data: unknown, patch: unknown, settings: OperationSettings): CollectionChange {
  const shape = shapeOf(data);
  // A single value has no documents to merge into; replacing it is a whole write, as with an id or an append.
  if (shape === 'value') throw holdsSingleValue(data, settings);
  if (shape === 'object' && isJsonObject(patch)) {
    const next: JsonObject = { ...(data as JsonObject) };
    let updated = 0;
    for (const key of Object.keys(patch)) {
      const existed = Object.hasOwn(next, key);
      const document = existed ? deepMerge(next[key], patch[key]) : patch[key];
      settings.validate(document, key);
      setOwn(next, key, document);
      if (existed) updated++;
    }
    return { data: next, fields: { rowsUpdated: updated, rowsAdded: Object.keys(patch).length - updated } };
  }
  if (shape === 'list' && Array.isArray(patch)) {
    const next = (data as unknown[]).slice();
    const positions = new Map<string, number>();
    next.forEach((item, i) => {
      const id = itemId(item, settings.idField);
      if (id !== undefined && !positions.has(String(id))) positions.set(String(id), i);
    });
    let updated = 0;
    for (const item of patch) {
      const id = itemId(item, settings.idField);
      const at = id === undefined ? undefined : positions.get(String(id));
      const document = at === undefined ? item : deepMerge(next[at], item);
      settings.validate(document, id === undefined ? undefined : String(id));
      if (at === undefined) {
        if (id !== undefined) positions.set(String(id), next.length);
        next.push(document);
      } else {
        next[at] = document;
        updated++;
      }
    }
    return { data: next, fields: { rowsUpdated: updated, rowsAdded: patch.length - updated } };
  }
  throw new StorageError(
    'INVALID_ARGUMENT',
    `Collection "${settings.collection}" is ${shape === 'object' ? 'an object of documents' : 'a list'}; an update without an id takes ${shape === 'object' ? 'an object keyed by document id' : 'a list of items with ids'}.`,
    { provider: 'json' },
  );
}

/** Append without an id: items join a list, or become documents of an object keyed by their id field or a new id. */
function appendToCollection(data: unknown, value: unknown, created: boolean, settings: OperationSettings): CollectionChange {
  const items = Array.isArray(value) ? value : [value];
  if (created || Array.isArray(data)) {
    for (const item of items) {
      const id = itemId(item, settings.idField);
      settings.validate(item, id === undefined ? undefined : String(id));
    }
    return { data: [...((data as unknown[] | undefined) ?? []), ...items], fields: { createdNew: created, rowsAdded: items.length } };
  }
  if (!isJsonObject(data)) return { data: appendItems(data, value, describeDocument(settings, undefined)), fields: {} };
  const next: JsonObject = { ...data };
  const ids: string[] = [];
  for (const item of items) {
    const own = itemId(item, settings.idField);
    const id = own === undefined ? settings.newId() : String(own);
    if (Object.hasOwn(next, id)) {
      throw new StorageError('ALREADY_EXISTS', `Document "${id}" of "${settings.collection}" already exists; append adds new documents, use mode 'update' to change it.`, {
        provider: 'json',
      });
    }
    settings.validate(item, id);
    setOwn(next, id, item);
    ids.push(id);
  }
  return { data: next, fields: { createdNew: false, rowsAdded: items.length, ids } };
}

/** Validates every document of a whole collection about to be written. */
function validateAll(data: unknown, settings: OperationSettings): void {
  if (isJsonObject(data)) for (const key of Object.keys(data)) settings.validate(data[key], key);
  else if (Array.isArray(data))
    for (const item of data) {
      const id = itemId(item, settings.idField);
      settings.validate(item, id === undefined ? undefined : String(id));
    }
}

/** After a path write at collection level, the document the path went into must still pass the schema. */
function validateEntry(data: unknown, path: PathSegments, settings: OperationSettings): void {
  if (shapeOf(data) === 'value') return;
  const entry = getPath(data, path.slice(0, 1));
  settings.validate(entry, Array.isArray(data) ? String(itemId(entry, settings.idField) ?? path[0]) : path[0]);
}

function sizeOf(data: unknown): number {
  return isJsonObject(data) ? Object.keys(data).length : Array.isArray(data) ? data.length : 1;
}
