import { type ServiceTarget, StorageError, validateOptions } from '@agentmap/storage-core';
import type { CsvStorageOptions } from '../types';

/** Keys of the first argument: where collections live. */
const TARGET_KEYS = ['store', 'router', 'prefix'] as const;

/** Keys of the second argument: how the service reads and writes. */
export const OPTION_KEYS = [
  'delimiter',
  'encoding',
  'escapeFormulae',
  'prefix',
  'maxAttempts',
  'idField',
  'lineEnding',
  'bom',
  'inferTypes',
  'cacheSize',
  'freshnessMs',
  'onWarning',
] as const satisfies ReadonlyArray<keyof CsvStorageOptions>;

const JSON_ONLY = ['indent', 'layout', 'layouts', 'schemas', 'concurrency', 'cacheEntries'];
const STORE_KEYS = ['baseDir', 'bucket', 'container', 'endpoint', 'region', 'connectionString', 'accountName', 'accountKey', 'credentials', 'projectId', 'forcePathStyle'];
const CONFIG_KEYS = ['provider', 'backends', 'storage', 'csv', 'json', 'file', 'vector', 'cache', 'collections', 'uri'];

/** Where a misplaced key belongs, for the error message. */
function elsewhere(argument: 'first' | 'second'): Record<string, string> {
  const homes: Record<string, string> = {};
  for (const key of JSON_ONLY) homes[key] = 'it is an option of createJsonStorage, not of the CSV service';
  for (const key of STORE_KEYS) homes[key] = `it configures a store: pass it to the store's factory (e.g. createLocalStore({ baseDir })) and give the store as { store }`;
  for (const key of CONFIG_KEYS) homes[key] = 'it is a storage config key: load the config with loadStorageConfig, build a router with createStorageRouter and pass { router }';
  if (argument === 'first') {
    for (const key of OPTION_KEYS) if (key !== 'prefix') homes[key] = `give it in the second argument: createCsvStorage({ store }, { ${key} })`;
  } else {
    homes.store = 'give it in the first argument: createCsvStorage({ store }, { … })';
    homes.router = 'give it in the first argument: createCsvStorage({ router }, { … })';
  }
  return homes;
}

/**
 * Checks both arguments of `createCsvStorage`: an unknown key, a key of another service, a
 * store's or config's key, or a key in the wrong argument is `INVALID_ARGUMENT` naming it
 * and where it belongs, so no option is silently ignored.
 */
export function checkFactoryArguments(target: unknown, options: unknown): { target: ServiceTarget; options: CsvStorageOptions } {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) {
    throw new StorageError('INVALID_ARGUMENT', 'createCsvStorage needs { store } (an ObjectStore such as createLocalStore({ baseDir })) or { router }.', { provider: 'csv' });
  }
  validateOptions(target, TARGET_KEYS, 'createCsvStorage (first argument)', { provider: 'csv', elsewhere: elsewhere('first') });
  const second = options ?? {};
  validateOptions(second, OPTION_KEYS, 'createCsvStorage (second argument)', { provider: 'csv', elsewhere: elsewhere('second') });
  return { target: target, options: second };
}
