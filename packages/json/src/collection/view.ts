import { type DocumentId, idsEqual } from '@agentmap/storage-core';
import { type JsonObject, getOwn, isJsonObject } from '../documents/own';

/**
 * A parsed collection as cached: the data exactly as stored (never mutated: every change
 * builds a new value) plus id indexes of list-shaped collections, built on first use.
 */
export interface CollectionView {
  readonly data: unknown;
  /** Per id field: string form of an item's id -> position of its first item. */
  listIndexes?: Map<string, Map<string, number>>;
}

/** `object`: documents keyed by id; `list`: items with an id field; `value`: anything else. */
export type CollectionShape = 'object' | 'list' | 'value';

export function shapeOf(data: unknown): CollectionShape {
  return Array.isArray(data) ? 'list' : isJsonObject(data) ? 'object' : 'value';
}

/** Where a document sits: a key of an object collection, or a position in a list. */
export type DocumentSlot = { shape: 'object'; key: string } | { shape: 'list'; index: number };

/** The id of a list item: its `idField` when that holds a string or number. */
export function itemId(item: unknown, idField: string): string | number | undefined {
  if (!isJsonObject(item)) return undefined;
  const id = getOwn(item, idField);
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/**
 * Finds a document by id. Keys match exactly first (one hash lookup); a numeric id then also
 * finds the key or item id with the same number (`123` finds `"123"` and `"0123"` finds
 * `123`), as {@link idsEqual} says.
 */
export function locate(view: CollectionView, id: DocumentId, idField: string): DocumentSlot | undefined {
  const { data } = view;
  const text = String(id);
  // Only a numeric id can match a key spelled differently; skip the scan otherwise.
  const numeric = typeof id === 'number' || (text.trim() !== '' && !Number.isNaN(Number(text)));
  if (isJsonObject(data)) {
    if (Object.hasOwn(data, text)) return { shape: 'object', key: text };
    if (typeof id === 'number') for (const key of Object.keys(data)) if (idsEqual(key, id)) return { shape: 'object', key };
    return undefined;
  }
  if (Array.isArray(data)) {
    const exact = listIndex(view, idField).get(text);
    if (exact !== undefined) return { shape: 'list', index: exact };
    if (!numeric) return undefined;
    const index = data.findIndex((item) => {
      const stored = itemId(item, idField);
      return stored !== undefined && idsEqual(stored, id);
    });
    return index < 0 ? undefined : { shape: 'list', index };
  }
  return undefined;
}

/** The document in a slot. */
export function documentAt(data: unknown, slot: DocumentSlot): unknown {
  return slot.shape === 'object' ? getOwn(data as JsonObject, slot.key) : (data as unknown[])[slot.index];
}

function listIndex(view: CollectionView, idField: string): Map<string, number> {
  view.listIndexes ??= new Map();
  let index = view.listIndexes.get(idField);
  if (!index) {
    index = new Map();
    (view.data as unknown[]).forEach((item, position) => {
      const id = itemId(item, idField);
      if (id !== undefined && !index!.has(String(id))) index!.set(String(id), position);
    });
    view.listIndexes.set(idField, index);
  }
  return index;
}
