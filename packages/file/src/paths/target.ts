import { type ObjectStore, collectionResolver, isStorageUri, validateKey } from '@agentmap/storage-core';
import { PROVIDER, fileError } from '../errors';
import type { FileStorageTarget } from '../options';
import { joinKey, safeRelativePath } from './safe-path';

/** Where one file (or directory) of the service lives. */
export interface FileTarget {
  store: ObjectStore;
  /** The collection as the caller gave it (normalised when it is a plain name). */
  collection: string;
  /** Key of the collection's directory (`''` at the store's root). */
  dirKey: string;
  /** Path inside the collection (`''` for the collection itself). */
  path: string;
  /** Key of the file: `dirKey/path`. */
  key: string;
  /** `collection/path`, used as `source` in document metadata and in messages. */
  source: string;
}

/** The config section plain collection names are looked up in. */
export const FILE_SECTION = 'file';

/**
 * Returns the function that maps `(collection, documentId?)` onto a store and key. Placing
 * the collection is the shared resolver's job (a URI or a name placed by the router's `file`
 * section, or a folder of the store; no extension is appended); what is the file service's own
 * is the path safety: collection and document id are checked by {@link safeRelativePath}
 * before anything else happens, and a key the router hands back is checked the same way.
 */
export function targetResolver(target: FileStorageTarget): (collection: string, documentId?: string | number) => FileTarget {
  const prefix = target.prefix ? safeRelativePath(target.prefix, 'prefix') : '';
  const place = collectionResolver({ store: target.store, router: target.router, prefix }, '', PROVIDER, FILE_SECTION);
  return (collection, documentId) => {
    if (typeof collection !== 'string' || collection.trim() === '') {
      throw fileError('INVALID_ARGUMENT', `A collection (a folder name or a URI) must be a non-empty string; got ${JSON.stringify(collection)}.`);
    }
    const path = documentId === undefined ? '' : safeRelativePath(documentId, 'document id');
    const uri = isStorageUri(collection);
    const name = uri ? collection : safeRelativePath(collection, 'collection');
    const placed = place(name);
    // A folder of our own store is safe by construction; a key from the router is checked again.
    const dirKey = !uri && target.store ? placed.key : safeRelativePath(placed.key, 'collection path');
    const key = joinKey(dirKey, path);
    if (key !== '') validateKey(key, PROVIDER);
    return { store: placed.store, collection: name, dirKey, path, key, source: joinKey(name, path) };
  };
}
