import { type ObjectStore, validateKey } from '@agentmap/storage-core';
import { fileError } from '../errors';
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

const URI = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Returns the function that maps `(collection, documentId?)` onto a store and key. Collection
 * and document id are checked by {@link safeRelativePath} before anything else happens; URIs
 * go to the router, whose key is checked the same way.
 */
export function targetResolver(target: FileStorageTarget): (collection: string, documentId?: string | number) => FileTarget {
  if (!target || (!target.store && !target.router)) {
    throw fileError('INVALID_ARGUMENT', 'createFileStorage needs { store } (an ObjectStore such as createLocalStore({ baseDir })) or { router }.');
  }
  const prefix = target.prefix ? safeRelativePath(target.prefix, 'prefix') : '';
  return (collection, documentId) => {
    if (typeof collection !== 'string' || collection.trim() === '') {
      throw fileError('INVALID_ARGUMENT', `A collection (a folder name or a URI) must be a non-empty string; got ${JSON.stringify(collection)}.`);
    }
    const path = documentId === undefined ? '' : safeRelativePath(documentId, 'document id');
    let store: ObjectStore;
    let dirKey: string;
    let name = collection;
    if (target.router && (URI.test(collection) || !target.store)) {
      const resolved = target.router.resolve(collection);
      store = resolved.store;
      dirKey = resolved.key === '' ? '' : safeRelativePath(resolved.key, 'collection path');
    } else if (URI.test(collection)) {
      throw fileError('INVALID_ARGUMENT', `"${collection}" is a URI; create the file service with { router } to address other stores.`);
    } else {
      store = target.store!;
      name = safeRelativePath(collection, 'collection');
      dirKey = joinKey(prefix, name);
    }
    const key = joinKey(dirKey, path);
    if (key !== '') validateKey(key, 'file');
    return { store, collection: name, dirKey, path, key, source: joinKey(name, path) };
  };
}
