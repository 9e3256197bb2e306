import { type ServiceTarget, collectionResolver, validatePrefix } from '@agentmap/storage-core';
import type { CsvStorage, CsvStorageOptions } from '../types';
import { batchWrite } from './batch-write';
import { type CollectionTarget, CollectionIO } from './collection-io';
import type { CsvContext } from './context';
import { deleteFromCollection } from './delete-collection';
import { checkFactoryArguments } from './factory-options';
import { listCollections } from './list-collections';
import { countIn, existsIn, readCollection } from './read-collection';
import { resolveSettings } from './settings';
import { writeCollection } from './write-collection';

/**
 * The CSV table service over any ObjectStore: collection `users` is the object `users.csv`
 * (under `prefix`). Give it `{ store }`, or `{ router }` to address collections as URIs
 * (`s3://bucket/users.csv`) or configured names.
 *
 * ```ts
 * const csv = createCsvStorage({ store: createLocalStore({ baseDir: './data' }) });
 * await csv.write('users', [{ id: 1, name: 'Ada' }]);
 * await csv.read('users', 1); // { id: 1, name: 'Ada' }
 * ```
 *
 * An unknown or misplaced option (another service's, a store's, a config key, or one given
 * in the wrong argument) is `INVALID_ARGUMENT` naming it and where it belongs.
 */
export function createCsvStorage(where: ServiceTarget, options: CsvStorageOptions = {}): CsvStorage {
  const { target, options: checked } = checkFactoryArguments(where, options);
  const settings = resolveSettings(checked);
  const prefix = validatePrefix(settings.prefix ?? target.prefix ?? '', 'csv');
  const normalisedPrefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const ctx: CsvContext = {
    io: new CollectionIO(settings),
    settings,
    resolve: remembered(collectionResolver({ ...target, prefix: normalisedPrefix }, '.csv', 'csv'), target.router === undefined),
    listingStore: () => target.store ?? target.router!.defaultStore(),
    prefix: normalisedPrefix,
  };
  return {
    read: ((collection, documentId, readOptions) => readCollection(ctx, collection, documentId, readOptions)) as CsvStorage['read'],
    write: (collection, data, documentId, writeOptions) => writeCollection(ctx, collection, data, documentId, writeOptions),
    delete: (collection, documentId, deleteOptions) => deleteFromCollection(ctx, collection, documentId, deleteOptions),
    exists: (collection, documentId, existsOptions) => existsIn(ctx, collection, documentId, existsOptions),
    count: (collection, query, countOptions) => countIn(ctx, collection, query, countOptions),
    listCollections: () => listCollections(ctx),
    batchWrite: (collection, items, batchOptions) => batchWrite(ctx, collection, items, batchOptions),
  };
}

/** Names resolved at most this many at a time are remembered; past it the memory starts over. */
const RESOLVED_NAMES = 256;

/**
 * `resolve` remembering what each collection name resolved to, so a hot read does not
 * re-validate its key on every call. Only over a fixed store (`stable`): a router's
 * resolution is its own business. Names that fail are not remembered and fail each time.
 */
function remembered(resolve: CsvContext['resolve'], stable: boolean): CsvContext['resolve'] {
  if (!stable) return resolve;
  const known = new Map<string, CollectionTarget>();
  return (collection) => {
    let target = typeof collection === 'string' ? known.get(collection) : undefined;
    if (target === undefined) {
      target = resolve(collection);
      if (known.size >= RESOLVED_NAMES) known.clear();
      known.set(collection, target);
    }
    return target;
  };
}
