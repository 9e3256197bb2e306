import { type Query, StorageError, applyQuery } from '@agentmap/storage-core';
import { type JsonObject, isJsonObject, setOwn } from '../documents/own';
import type { JsonFormat } from '../types';
import { type Entry, entriesOf, entryGetter } from './entries';

const FORMATS: readonly JsonFormat[] = ['raw', 'records', 'dict'];

/** Checks a read format; anything but `raw`, `records`, `dict` is `INVALID_ARGUMENT`. */
export function parseFormat(format: unknown): JsonFormat {
  if (format === undefined) return 'raw';
  if (typeof format === 'string' && (FORMATS as readonly string[]).includes(format)) return format as JsonFormat;
  throw new StorageError('INVALID_ARGUMENT', `Unknown format ${JSON.stringify(format)}; use one of ${FORMATS.join(', ')}.`, { provider: 'json' });
}

/**
 * A whole-collection read: the documents matching `query` (filter, sort, offset, limit), in
 * the requested format. `raw` keeps the stored shape; `records` is a list of the documents as
 * stored, in which, when the caller named a `recordIdField`, each document of an object
 * collection also carries its key there (see {@link asRecord}); `dict` is keyed by id (list
 * items by their id field, or their position). Returns shared references: callers clone.
 */
export function shapeCollection(data: unknown, format: JsonFormat, query: Query | undefined, idField: string, recordIdField?: string): unknown {
  const keyed = isJsonObject(data);
  if (!keyed && !Array.isArray(data)) return format === 'records' ? [data] : data;
  const all = entriesOf(data, idField);
  const selected = query === undefined ? all : applyQuery(all, query, { get: entryGetter(idField) });
  switch (format) {
    case 'records':
      return selected.map((entry) => (keyed ? asRecord(entry.id, entry.document, recordIdField) : entry.document));
    case 'dict':
      return byId(selected);
    default:
      if (query === undefined) return data;
      return keyed ? byId(selected) : selected.map((entry) => entry.document);
  }
}

/** How many documents match `query` (after its offset and limit); a single value counts as one. */
export function countCollection(data: unknown, query: Query | undefined, idField: string): number {
  if (!isJsonObject(data) && !Array.isArray(data)) return 1;
  const all = entriesOf(data, idField);
  return query === undefined ? all.length : applyQuery(all, query, { get: entryGetter(idField) }).length;
}

/**
 * A document of an object collection as a record: as stored, unless the caller named an
 * `idField`; then an object document also carries its key there (a field it already has is
 * never overwritten) and any other value comes as `{ [idField]: key, value }`.
 */
export function asRecord(id: string, document: unknown, idField: string | undefined): unknown {
  if (idField === undefined) return document;
  if (!isJsonObject(document)) return { [idField]: id, value: document };
  if (Object.hasOwn(document, idField)) return document;
  const record: JsonObject = { [idField]: id };
  for (const key of Object.keys(document)) setOwn(record, key, document[key]);
  return record;
}

function byId(entries: Entry[]): JsonObject {
  const out: JsonObject = {};
  for (const entry of entries) setOwn(out, entry.id, entry.document);
  return out;
}
