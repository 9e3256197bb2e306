import { type ObjectInfo, type ParsedCache, isStorageError, updateObject } from '@agentmap/storage-core';
import { getPath } from '../documents/dot-path';
import { parseStored, serialise } from '../json/codec';
import { asRecord, countCollection, shapeCollection } from '../collection/shape-read';
import { type CollectionView, documentAt, locate } from '../collection/view';
import { deleteFromCollection, deleteMatching } from '../operations/delete-collection';
import { missingDocument } from '../operations/write-document';
import { type CollectionChange, writeCollection } from '../operations/write-collection';
import type { BatchFailure } from '../types';
import { isItemFailure, itemFailure } from './batch-failure';
import type { Layout, LayoutRequest, ResultFields } from './layout';

/** What the single-file layout needs from the service. */
export interface SingleFileOptions {
  cache: ParsedCache<CollectionView>;
  indent: number;
  maxAttempts: number;
}

const CONTENT_TYPE = 'application/json';

/**
 * AgentMap's layout: the whole collection in one object, `<collection>.json`, an object keyed
 * by document id or a list. Reads go through the parsed cache (one `head` when nothing
 * changed); every change is a conditional read-modify-write of the object, retried when
 * another writer got there first, so concurrent writers lose nothing.
 */
export function singleFileLayout(options: SingleFileOptions): Layout {
  const { cache, indent, maxAttempts } = options;

  const parser = (request: LayoutRequest) => (body: Uint8Array): CollectionView => ({
    data: parseStored(body, { collection: request.settings.collection, key: request.target.key, location: request.target.store.location }),
  });

  const load = async (request: LayoutRequest): Promise<CollectionView | undefined> => {
    const { store, key } = request.target;
    return (await cache.load(store, key, parser(request), request.signal))?.value;
  };

  /** The parsed view of bytes just read: the cached one when its etag matches, so a write does not re-parse. */
  const viewOf = async (request: LayoutRequest, current: { body: Uint8Array; info: ObjectInfo }): Promise<CollectionView> => {
    return cache.adopt(request.target.store, request.target.key, current, parser(request));
  };

  /** One conditional read-modify-write; `change` returns undefined data to write nothing. */
  const modify = async <R>(request: LayoutRequest, change: (view: CollectionView | undefined) => { data: unknown; changed: boolean; result: R }): Promise<{ result: R; etag?: string }> => {
    const { store, key } = request.target;
    let written: { data: unknown; size: number } | undefined;
    const outcome = await updateObject(
      store,
      key,
      async (current) => {
        written = undefined;
        const next = change(current ? await viewOf(request, current) : undefined);
        if (!next.changed) return { result: next.result };
        const body = serialise(next.data, indent);
        written = { data: next.data, size: body.length };
        return { body, contentType: CONTENT_TYPE, result: next.result };
      },
      { maxAttempts, signal: request.signal, contentType: CONTENT_TYPE },
    );
    if (written && outcome.info) cache.remember(store, key, outcome.info.etag, { data: written.data }, written.size);
    return { result: outcome.result, ...(outcome.info ? { etag: outcome.info.etag } : {}) };
  };

  const applied = (change: CollectionChange) => ({ data: change.data, changed: true, result: change.fields });

  return {
    async readDocument(request, id, path, format) {
      const view = await load(request);
      const slot = view && locate(view, id, request.settings.idField);
      if (!view || !slot) return undefined;
      const document = documentAt(view.data, slot);
      if (path) return structuredClone(getPath(document, path));
      const row = format === 'records' && slot.shape === 'object' ? asRecord(slot.key, document, request.settings.recordIdField) : document;
      return structuredClone(row);
    },

    async readCollection(request, format, query, path) {
      const view = await load(request);
      if (!view) return undefined;
      const data = path ? getPath(view.data, path) : view.data;
      return data === undefined ? undefined : structuredClone(shapeCollection(data, format, query, request.settings.idField, request.settings.recordIdField));
    },

    async write(request, op) {
      if (op.id === undefined && op.path === undefined && op.mode === 'write') {
        // Replacing the whole collection needs no read: one unconditional put.
        const { store, key } = request.target;
        const { fields } = writeCollection(undefined, op, request.settings);
        const existed = (await store.head(key, { signal: request.signal })) !== undefined;
        const body = serialise(op.data, indent);
        const info = await store.put(key, body, { contentType: CONTENT_TYPE, signal: request.signal });
        cache.remember(store, key, info.etag, { data: op.data }, body.length);
        return { ...fields, createdNew: !existed, etag: info.etag };
      }
      const { result, etag } = await modify(request, (view) => applied(writeCollection(view, op, request.settings)));
      return { ...result, etag };
    },

    async delete(request, op) {
      if (op.id === undefined && op.path === undefined) {
        const { store, key } = request.target;
        const info = await store.head(key, { signal: request.signal });
        if (!info) throw missingDocument(request.settings, undefined);
        try {
          await store.delete(key, { ifMatch: info.etag, signal: request.signal });
        } catch (error) {
          // Changed since the head: it is still deleted, as asked.
          if (!isStorageError(error, 'PRECONDITION_FAILED')) throw error;
          await store.delete(key, { signal: request.signal });
        }
        cache.invalidate(store, key);
        return { message: `Collection "${request.settings.collection}" deleted.` };
      }
      const { result, etag } = await modify(request, (view) => {
        if (!view) throw missingDocument(request.settings, op.id);
        const deletion = deleteFromCollection(view, op, request.settings);
        return { data: deletion.data, changed: deletion.changed, result: deletion.fields };
      });
      return { ...result, etag };
    },

    async deleteMatching(request, query) {
      const { result, etag } = await modify(request, (view) => {
        if (!view) throw missingDocument(request.settings, undefined);
        const deletion = deleteMatching(view, query, request.settings);
        return { data: deletion.data, changed: deletion.changed, result: deletion.fields };
      });
      return { ...result, etag };
    },

    async exists(request, id, path) {
      if (id === undefined && !path) return (await request.target.store.head(request.target.key, { signal: request.signal })) !== undefined;
      const view = await load(request);
      if (!view) return false;
      if (id === undefined) return getPath(view.data, path!) !== undefined;
      const slot = locate(view, id, request.settings.idField);
      if (!slot) return false;
      return !path || getPath(documentAt(view.data, slot), path) !== undefined;
    },

    async count(request, query, path) {
      const view = await load(request);
      const data = view && path ? getPath(view.data, path) : view?.data;
      return data === undefined ? 0 : countCollection(data, query, request.settings.idField);
    },

    async batch(request, ops) {
      // Every item in one conditional write: one read, one parse, one upload for the batch.
      const { result, etag } = await modify(request, (view) => {
        let current = view;
        const failures: BatchFailure[] = [];
        const ids: string[] = [];
        let written = 0;
        ops.forEach((op, index) => {
          try {
            const change = writeCollection(current, op, request.settings);
            current = { data: change.data };
            written++;
            ids.push(...(change.fields.ids ?? (change.fields.documentId === undefined ? [] : [change.fields.documentId])));
          } catch (error) {
            if (!isItemFailure(error)) throw error;
            failures.push(itemFailure(index, op.id, error));
          }
        });
        const fields: ResultFields = { rowsWritten: written, ids, createdNew: view === undefined && written > 0 };
        return { data: current?.data, changed: written > 0, result: { fields, failures } };
      });
      return { fields: { ...result.fields, etag }, failures: result.failures };
    },
  };
}

