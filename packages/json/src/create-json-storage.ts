import { randomUUID } from 'node:crypto';
import {
  type DocumentId,
  ParsedCache,
  type Query,
  StorageError,
  type StorageResult,
  collectionResolver,
  compileQuery,
  settleFailure,
  settleWrite,
  successResult,
  validatePrefix,
} from '@agentmap/storage-core';
import type { CollectionView } from './collection/view';
import { parseFormat } from './collection/shape-read';
import { toStored } from './json/codec';
import type { Layout, LayoutRequest, ResultFields } from './layouts/layout';
import { perDocumentLayout } from './layouts/per-document';
import { singleFileLayout } from './layouts/single-file';
import type { OperationSettings } from './operations/settings';
import { schemaValidator } from './schema/validator';
import { prepareBatch } from './service/batch-items';
import { factoryArguments } from './service/factory-options';
import { checkId, optionalPath, parseMode } from './service/inputs';
import { listCollectionNames } from './service/list-collections';
import { resolveOptions } from './service/options';
import { bindCollection } from './service/typed-collection';
import type { BatchFailure, JsonStorage, JsonStorageOptions, JsonStorageTarget } from './types';

const PROVIDER = 'json';

/**
 * Creates the JSON document service over any ObjectStore (or a router of stores).
 *
 * ```ts
 * const json = createJsonStorage({ store: createLocalStore({ baseDir: './data' }) });
 * await json.write('users', { name: 'John', age: 30 }, 'user123');   // data/users.json
 * await json.read('users', 'user123', { path: 'name' });              // 'John'
 * ```
 *
 * Collections are plain JSON files AgentMap reads and writes too: `<collection>.json`, an
 * object keyed by document id (or a list), indented by 2 spaces.
 *
 * Service options may sit next to the store (`{ store, layout: 'per-document' }`) or in the
 * second argument; an unknown or misplaced option is `INVALID_ARGUMENT`.
 */
export function createJsonStorage(where: JsonStorageTarget & JsonStorageOptions, more?: JsonStorageOptions): JsonStorage {
  const { target, options } = factoryArguments(where, more);
  const resolved = resolveOptions(options);
  const resolve = collectionResolver({ store: target.store, router: target.router, prefix: resolved.prefix }, '.json', PROVIDER);
  const cache = new ParsedCache<CollectionView>({ maxEntries: resolved.cacheEntries });
  const layouts: Record<string, Layout> = {
    'single-file': singleFileLayout({ cache, indent: resolved.indent, maxAttempts: resolved.maxAttempts }),
    'per-document': perDocumentLayout({ indent: resolved.indent, maxAttempts: resolved.maxAttempts, concurrency: resolved.concurrency }),
  };
  const validators = new Map(Object.entries(resolved.schemas).map(([name, schema]) => [name, schemaValidator(name, schema)]));
  const layoutOf = (collection: string) => resolved.layouts[collection] ?? resolved.layout;

  /** Resolves the collection (unsafe names throw here, before any I/O) and picks its layout. */
  const prepare = (collection: string, idField: string | undefined, signal: AbortSignal | undefined): { layout: Layout; request: LayoutRequest } => {
    const settings: OperationSettings = {
      collection,
      idField: idField ?? resolved.idField,
      recordIdField: idField ?? resolved.recordIdField,
      validate: validators.get(collection) ?? (() => undefined),
      newId: () => randomUUID(),
    };
    return { layout: layouts[layoutOf(collection)]!, request: { target: resolve(collection), settings, ...(signal ? { signal } : {}) } };
  };

  /** Outcomes of the data's state become a failed result, the rest throws, as the shared failure policy says. */
  const settle = (base: Omit<StorageResult, 'success'>, run: () => Promise<ResultFields>): Promise<StorageResult> =>
    settleWrite(base, async () => successResult({ ...base, ...(await run()) }));

  const service: JsonStorage = {
    async read<T>(collection: string, documentId?: DocumentId, readOptions: Parameters<JsonStorage['read']>[2] = {}) {
      const id = checkId(documentId);
      const path = optionalPath(readOptions.path);
      const format = parseFormat(readOptions.format);
      const { layout, request } = prepare(collection, readOptions.idField, readOptions.signal);
      const value = id === undefined ? await layout.readCollection(request, format, readOptions.query, path) : await layout.readDocument(request, id, path, format);
      return value as T | undefined;
    },

    async write(collection, data, documentId, writeOptions = {}) {
      const mode = parseMode(writeOptions.mode);
      const id = checkId(documentId);
      const path = optionalPath(writeOptions.path);
      const { layout, request } = prepare(collection, writeOptions.idField, writeOptions.signal);
      const op = { mode, data: toStored(data, 'data', path?.length), ...(id === undefined ? {} : { id }), ...(path ? { path } : {}) };
      return settle({ operation: mode, collection, mode, ...(id === undefined ? {} : { documentId: String(id) }) }, () => layout.write(request, op));
    },

    async delete(collection, documentId, deleteOptions = {}) {
      const id = checkId(documentId);
      const path = optionalPath(deleteOptions.path);
      const { layout, request } = prepare(collection, deleteOptions.idField, deleteOptions.signal);
      const base = { operation: 'delete', collection, ...(id === undefined ? {} : { documentId: String(id) }) };
      const { query } = deleteOptions;
      if (query === undefined) return settle(base, () => layout.delete(request, { ...(id === undefined ? {} : { id }), ...(path ? { path } : {}) }));
      checkDeleteQuery(query, id, path);
      return settle(base, () => layout.deleteMatching(request, query));
    },

    async exists(collection, documentId, existsOptions = {}) {
      const id = checkId(documentId);
      const path = optionalPath(existsOptions.path);
      const { layout, request } = prepare(collection, existsOptions.idField, existsOptions.signal);
      return layout.exists(request, id, path);
    },

    async count(collection, query?: Query, countOptions = {}) {
      const path = optionalPath(countOptions.path);
      const { layout, request } = prepare(collection, countOptions.idField, countOptions.signal);
      return layout.count(request, query, path);
    },

    async listCollections() {
      const store = target.store ?? target.router!.defaultStore({ extension: '.json', service: PROVIDER });
      const prefix = target.store && resolved.prefix ? validatePrefix(resolved.prefix.replace(/\/?$/, '/'), PROVIDER) : '';
      return listCollectionNames(store, prefix, layoutOf);
    },

    async batchWrite(collection, items, batchOptions = {}) {
      const { layout, request } = prepare(collection, batchOptions.idField, batchOptions.signal);
      const prepared = prepareBatch(items, request.settings);
      const base = { operation: 'batch_write', collection };
      let outcome: Awaited<ReturnType<typeof layout.batch>>;
      try {
        outcome = prepared.ops.length > 0 ? await layout.batch(request, prepared.ops) : { fields: { rowsWritten: 0 }, failures: [] };
      } catch (error) {
        // A failure of the whole batch (retries spent on a busy collection) follows the shared policy.
        return settleFailure<{ failures: BatchFailure[] }>(base, error);
      }
      const failures: BatchFailure[] = [...prepared.failures, ...outcome.failures.map((f) => ({ ...f, index: prepared.indexes[f.index]! }))].sort((a, b) => a.index - b.index);
      const result = successResult({ ...base, ...outcome.fields, data: { failures } });
      if (failures.length === 0) return result;
      const first = failures[0]!;
      const message = `${failures.length} of ${items.length} items failed (see data.failures); first, item ${first.index}: ${first.error.message}`;
      return { ...result, success: false, error: { code: first.error.code as NonNullable<StorageResult['error']>['code'], message }, message };
    },

    collection<T>(name: string) {
      return bindCollection<T>(service, name);
    },
  };
  return service;
}

/** A query delete names what to delete: an id and a query together, or a query without a filter, is refused. */
function checkDeleteQuery(query: Query, id: DocumentId | undefined, path: unknown): void {
  if (id !== undefined || path !== undefined) {
    throw new StorageError('INVALID_ARGUMENT', 'Give delete a document id (and path) or a query, not both.', { provider: PROVIDER });
  }
  const compiled = compileQuery(query);
  if (!compiled.filtered && compiled.limit === undefined) {
    throw new StorageError('INVALID_ARGUMENT', 'A query delete needs at least one filter (or a limit); to delete the whole collection call delete(collection).', { provider: PROVIDER });
  }
}
