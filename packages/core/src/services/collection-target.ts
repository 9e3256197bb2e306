import { StorageError } from '../errors/storage-error';
import { validateKey } from '../keys/validate-key';
import { hasExtension } from '../keys/extension';
import { isStorageUri } from '../router/parse-uri';
import type { ResolvedTarget, StorageRouter } from '../router/types';
import type { ObjectStore } from '../spec/object-store';

/** How a service is told where its collections live: one store, or a router. */
export interface ServiceTarget {
  /** Every collection is an object of this store. */
  store?: ObjectStore;
  /** Collections may be URIs (`s3://bucket/users.json`) or names looked up in config. */
  router?: StorageRouter;
  /** Key prefix inside `store` (a folder), e.g. `json/`. */
  prefix?: string;
}

/**
 * Returns the function a service uses to turn a collection into a store and a key:
 * `users` -> `users.json` in the store; with a router, URIs and configured names too.
 * Unsafe names are `INVALID_ARGUMENT` before any I/O. Plain names are placed by the config
 * section named `section` (default: the service's name, `provider`), so one router serves
 * every service.
 */
export function collectionResolver(target: ServiceTarget, extension: string, provider: string, section: string = provider): (collection: string) => ResolvedTarget {
  if (!target.store && !target.router) {
    throw new StorageError('INVALID_ARGUMENT', `${provider} storage needs { store } (an ObjectStore such as createLocalStore({ baseDir })) or { router }.`, { provider });
  }
  const prefix = target.prefix ? target.prefix.replace(/\/?$/, '/') : '';
  return (collection: string) => {
    if (typeof collection !== 'string' || collection.trim() === '') {
      throw new StorageError('INVALID_ARGUMENT', `A collection name must be a non-empty string; got ${JSON.stringify(collection)}.`, { provider });
    }
    const uri = isStorageUri(collection);
    if (target.router && (uri || !target.store)) return target.router.resolve(collection, { extension, service: section });
    if (uri) {
      throw new StorageError('INVALID_ARGUMENT', `"${collection}" is a URI; create the service with { router } to address other stores.`, { provider });
    }
    const store = target.store!;
    const name = extension === '' || hasExtension(collection) ? collection : `${collection}${extension}`;
    return { store, key: validateKey(`${prefix}${name}`, provider), scheme: store.provider };
  };
}

export { hasExtension };
