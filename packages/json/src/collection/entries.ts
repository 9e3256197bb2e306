import type { FieldGetter } from '@agentmap/storage-core';
import { getPath } from '../documents/dot-path';
import { getOwn, isJsonObject } from '../documents/own';
import { itemId } from './view';

/** A document with the id it is stored under (the key, or the list item's id field or position). */
export interface Entry {
  id: string;
  document: unknown;
  /** True when `id` is an object key (not a list item's field or position). */
  keyed: boolean;
}

/** The documents of a collection in stored order, with their ids. */
export function entriesOf(data: unknown, idField: string): Entry[] {
  if (Array.isArray(data)) {
    return data.map((document, i) => {
      const id = itemId(document, idField);
      return { id: String(id ?? i), document, keyed: false };
    });
  }
  if (isJsonObject(data)) return Object.keys(data).map((id) => ({ id, document: data[id], keyed: true }));
  return [];
}

/**
 * How queries read a field of an entry: an own field first, then a dot path
 * (`address.city`); in object collections the id field falls back to the document's key.
 */
export function entryGetter(idField: string): FieldGetter<Entry> {
  return (entry, field) => {
    const { document } = entry;
    if (isJsonObject(document) && Object.hasOwn(document, field)) return getOwn(document, field);
    if (field === idField && entry.keyed) return entry.id;
    return field.includes('.') ? getPath(document, field.split('.')) : undefined;
  };
}
