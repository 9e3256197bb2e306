import { type DocumentId, StorageError, compileQuery, isStorageError, updateObject, mapLimit } from '@agentmap/storage-core';
import { type PathSegments, deletePath, getPath } from '../documents/dot-path';
import { deepMerge } from '../documents/merge';
import { type JsonObject, isJsonObject, setOwn } from '../documents/own';
import { parseStored, serialise } from '../json/codec';
import { type Entry, entriesOf, entryGetter } from '../collection/entries';
import { asRecord, countCollection, shapeCollection } from '../collection/shape-read';
import { itemId } from '../collection/view';
import type { OperationSettings, WriteOp } from '../operations/settings';
import { itemCount, missingDocument, rowCounts, writeDocument } from '../operations/write-document';
import { runBatchGroups } from './batch-groups';
import { documentIdOf, documentKey, folderOf } from './document-key';
import type { Layout, LayoutRequest, ResultFields } from './layout';

/** What the per-document layout needs from the service. */
export interface PerDocumentOptions {
  indent: number;
  maxAttempts: number;
  concurrency: number;
}

const CONTENT_TYPE = 'application/json';

/** What a change of one document does: write `document`, delete it, or leave it. */
type DocumentOutcome<R> = { action: 'write'; document: unknown; result: R } | { action: 'delete'; result: R } | { action: 'keep'; result: R };

/**
 * One object per document, `<collection>/<id>.json`, holding the document as plain JSON.
 * An update rewrites one small object (conditionally on its etag), so writers of different
 * documents never contend. Reads of the whole collection list the folder and fetch the
 * documents with bounded parallelism. Changes spanning several documents (replacing or
 * deleting the collection, query deletes) are applied document by document, not atomically.
 */
export function perDocumentLayout(options: PerDocumentOptions): Layout {
  const { indent, maxAttempts, concurrency } = options;

  const folder = (request: LayoutRequest) => folderOf(request.target.key);
  const keyOf = (request: LayoutRequest, id: DocumentId) => documentKey(folder(request), String(id));
  const parse = (request: LayoutRequest, key: string, body: Uint8Array) =>
    parseStored(body, { collection: request.settings.collection, key, location: request.target.store.location });

  const getDocument = async (request: LayoutRequest, key: string): Promise<{ document: unknown } | undefined> => {
    try {
      const { body } = await request.target.store.get(key, { signal: request.signal });
      return { document: parse(request, key, body) };
    } catch (error) {
      if (isStorageError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
  };

  const listDocuments = async (request: LayoutRequest, first = false): Promise<Array<{ id: string; key: string }>> => {
    const out: Array<{ id: string; key: string }> = [];
    for await (const entry of request.target.store.list(folder(request), { delimiter: '/', signal: request.signal })) {
      if (entry.kind !== 'object') continue;
      const id = documentIdOf(folder(request), entry.key);
      if (id === undefined) continue;
      out.push({ id, key: entry.key });
      if (first) break;
    }
    return out;
  };

  /** Every document, keyed by id in key order; undefined when the collection has none. */
  const loadAll = async (request: LayoutRequest): Promise<JsonObject | undefined> => {
    const listed = await listDocuments(request);
    if (listed.length === 0) return undefined;
    const loaded = await mapLimit(listed, concurrency, (doc) => getDocument(request, doc.key), request.signal);
    const data: JsonObject = {};
    listed.forEach((doc, i) => {
      const found = loaded[i];
      if (found) setOwn(data, doc.id, found.document);
    });
    return data;
  };

  /** A conditional read-modify-write of one document. */
  const modifyDocument = async <R>(request: LayoutRequest, id: DocumentId, change: (existing: unknown, exists: boolean) => DocumentOutcome<R>): Promise<{ result: R; etag?: string }> => {
    const key = keyOf(request, id);
    const outcome = await updateObject(
      request.target.store,
      key,
      (current) => {
        const next = change(current ? parse(request, key, current.body) : undefined, current !== undefined);
        if (next.action === 'delete') return { delete: true, result: next.result };
        if (next.action === 'keep') return { result: next.result };
        return { body: serialise(next.document, indent), contentType: CONTENT_TYPE, result: next.result };
      },
      { maxAttempts, signal: request.signal, contentType: CONTENT_TYPE },
    );
    return { result: outcome.result, ...(outcome.info ? { etag: outcome.info.etag } : {}) };
  };

  const writeOne = async (request: LayoutRequest, op: WriteOp): Promise<ResultFields> => {
    const { result, etag } = await modifyDocument(request, op.id!, (existing, exists) => {
      const { document, createdNew } = writeDocument(existing, exists, op, request.settings);
      return { action: 'write', document, result: { documentId: String(op.id), createdNew, ...rowCounts(op.mode, itemCount(op)) } };
    });
    return { ...result, etag };
  };

  const write = async (request: LayoutRequest, op: WriteOp): Promise<ResultFields> => {
    if (op.id !== undefined) return writeOne(request, op);
    if (op.path) return writeOne(request, { ...op, ...splitPath(op.path) });
    const { settings } = request;
    if (op.mode === 'append') return appendDocuments(request, op.data);
    const documents = documentsOf(op.data, settings);
    if (op.mode === 'update') {
      if ((await listDocuments(request, true)).length === 0) throw missingDocument(settings, undefined);
      const merged = await mapLimit(documents, concurrency, (entry) =>
        modifyDocument(request, entry.id, (existing, exists) => {
          const document = exists ? deepMerge(existing, entry.document) : entry.document;
          settings.validate(document, entry.id);
          return { action: 'write', document, result: exists };
        }),
      request.signal);
      const updated = merged.filter((m) => m.result).length;
      return { rowsUpdated: updated, rowsAdded: documents.length - updated };
    }
    // Replace the collection: check everything first, then write, then drop what is gone.
    for (const entry of documents) settings.validate(entry.document, entry.id);
    const before = await listDocuments(request);
    const keys = new Set<string>();
    await mapLimit(documents, concurrency, async (entry) => {
      const key = keyOf(request, entry.id);
      keys.add(key);
      await request.target.store.put(key, serialise(entry.document, indent), { contentType: CONTENT_TYPE, signal: request.signal });
    }, request.signal);
    await mapLimit(before.filter((doc) => !keys.has(doc.key)), concurrency, (doc) => request.target.store.delete(doc.key, { signal: request.signal }), request.signal);
    return { createdNew: before.length === 0, rowsWritten: documents.length };
  };

  /** New documents, each keyed by its id field or a generated id; an existing id is `ALREADY_EXISTS`. */
  const appendDocuments = async (request: LayoutRequest, data: unknown): Promise<ResultFields> => {
    const { settings } = request;
    const items = (Array.isArray(data) ? data : [data]).map((document) => ({ id: String(itemId(document, settings.idField) ?? settings.newId()), document }));
    for (const item of items) settings.validate(item.document, item.id);
    const created = (await listDocuments(request, true)).length === 0;
    await mapLimit(items, concurrency, async (item) => {
      try {
        await request.target.store.put(keyOf(request, item.id), serialise(item.document, indent), { contentType: CONTENT_TYPE, ifNoneMatch: '*', signal: request.signal });
      } catch (error) {
        if (!isStorageError(error, 'PRECONDITION_FAILED')) throw error;
        throw new StorageError('ALREADY_EXISTS', `Document "${item.id}" of "${settings.collection}" already exists; append adds new documents, use mode 'update' to change it.`, {
          provider: 'json',
        });
      }
    }, request.signal);
    return { createdNew: created, rowsAdded: items.length, ids: items.map((item) => item.id) };
  };

  const deleteOne = async (request: LayoutRequest, id: DocumentId, path: PathSegments | undefined): Promise<ResultFields> => {
    const documentId = String(id);
    const { result, etag } = await modifyDocument<ResultFields>(request, id, (existing, exists) => {
      if (!exists) throw missingDocument(request.settings, id);
      if (!path) return { action: 'delete', result: { documentId, rowsDeleted: 1, deletedIds: [documentId] } };
      const { value, removed } = deletePath(existing, path);
      if (!removed) return { action: 'keep', result: { documentId, rowsDeleted: 0 } };
      request.settings.validate(value, documentId);
      return { action: 'write', document: value, result: { documentId, rowsDeleted: 1 } };
    });
    return { ...result, ...(path && etag ? { etag } : {}) };
  };

  return {
    async readDocument(request, id, path, format) {
      const found = await getDocument(request, keyOf(request, id));
      if (!found) return undefined;
      if (path) return getPath(found.document, path);
      return format === 'records' ? asRecord(String(id), found.document, request.settings.recordIdField) : found.document;
    },

    async readCollection(request, format, query, path) {
      const all = await loadAll(request);
      const data = all && path ? getPath(all, path) : all;
      return data === undefined ? undefined : shapeCollection(data, format, query, request.settings.idField, request.settings.recordIdField);
    },

    write,

    async delete(request, op) {
      if (op.id !== undefined) return deleteOne(request, op.id, op.path);
      if (op.path) {
        const { id, path } = splitPath(op.path);
        return deleteOne(request, id, path);
      }
      const listed = await listDocuments(request);
      if (listed.length === 0) throw missingDocument(request.settings, undefined);
      await mapLimit(listed, concurrency, (doc) => request.target.store.delete(doc.key, { signal: request.signal }), request.signal);
      return { rowsDeleted: listed.length, message: `Collection "${request.settings.collection}" deleted.` };
    },

    async deleteMatching(request, query) {
      const all = await loadAll(request);
      if (!all) throw missingDocument(request.settings, undefined);
      const shaped = shapeCollection(all, 'dict', query, request.settings.idField) as JsonObject;
      const { filter } = compileQuery<Entry>(query, { get: entryGetter(request.settings.idField) });
      // Each match is deleted only if it still matches when deleted, so a concurrent update wins.
      const deleted = await mapLimit(Object.keys(shaped), concurrency, async (id) => {
        const { result } = await modifyDocument(request, id, (existing, exists) =>
          exists && filter({ id, document: existing, keyed: true }) ? { action: 'delete', result: true } : { action: 'keep', result: false },
        );
        return result ? id : undefined;
      }, request.signal);
      const deletedIds = deleted.filter((id): id is string => id !== undefined);
      return { rowsDeleted: deletedIds.length, deletedIds };
    },

    async exists(request, id, path) {
      // At collection level the path's first segment names the document, as for writes.
      const target = id === undefined && path ? splitPath(path) : { id, path };
      if (target.id === undefined) return (await listDocuments(request, true)).length > 0;
      const key = keyOf(request, target.id);
      if (!target.path) return (await request.target.store.head(key, { signal: request.signal })) !== undefined;
      const found = await getDocument(request, key);
      return found !== undefined && getPath(found.document, target.path) !== undefined;
    },

    async count(request, query, path) {
      if (query === undefined && !path) return (await listDocuments(request)).length;
      const all = await loadAll(request);
      const data = all && path ? getPath(all, path) : all;
      return data === undefined ? 0 : countCollection(data, query, request.settings.idField);
    },

    async batch(request, ops) {
      return runBatchGroups(ops, concurrency, (op) => write(request, op), request.signal);
    },
  };
}

/** At collection level the first path segment names the document: `u1.email` is `email` of `u1`. */
function splitPath(path: PathSegments): { id: string; path: PathSegments | undefined } {
  return { id: path[0]!, path: path.length > 1 ? path.slice(1) : undefined };
}

/** The documents of an object keyed by id, or of a list keyed by each item's id field (or a new id). */
function documentsOf(data: unknown, settings: OperationSettings): Entry[] {
  if (isJsonObject(data)) return entriesOf(data, settings.idField);
  if (Array.isArray(data)) return data.map((document) => ({ id: String(itemId(document, settings.idField) ?? settings.newId()), document, keyed: true }));
  throw new StorageError(
    'INVALID_ARGUMENT',
    `Collection "${settings.collection}" stores one object per document, so it takes an object keyed by document id or a list of documents; got a ${data === null ? 'null' : typeof data}.`,
    { provider: 'json' },
  );
}
