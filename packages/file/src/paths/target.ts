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

/** The config section plain collection names are looked up in. */
export const FILE_SECTION = 'file';

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
    if (URI.test(collection)) {
      if (!target.router) {
        throw fileError('INVALID_ARGUMENT', `"${collection}" is a URI; create the file service with { router } to address other stores.`);
      }
      // The router parses and checks the URI; its key is checked again like any name.
      const resolved = target.router.resolve(collection, { service: FILE_SECTION });
      store = resolved.store;
      dirKey = safeRelativePath(resolved.key, 'collection path');
    } else {
      name = safeRelativePath(collection, 'collection');
      if (target.store) {
        store = target.store;
        dirKey = joinKey(prefix, name);
      } else {
        // A plain name is placed by the `file` section of the router's config.
        const resolved = target.router!.resolve(name, { service: FILE_SECTION });
        store = resolved.store;
        dirKey = safeRelativePath(resolved.key, 'collection path');
      }
    }
    const key = joinKey(dirKey, path);
    if (key !== '') validateKey(key, 'file');
    return { store, collection: name, dirKey, path, key, source: joinKey(name, path) };
  };
}
