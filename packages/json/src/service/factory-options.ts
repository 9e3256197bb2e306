import { StorageError, validateOptions } from '@agentmap/storage-core';
import type { JsonStorageOptions, JsonStorageTarget } from '../types';

const PROVIDER = 'json';
const TARGET_KEYS = ['store', 'router', 'prefix'] as const;
const OPTION_KEYS = ['indent', 'layout', 'layouts', 'schemas', 'prefix', 'maxAttempts', 'idField', 'concurrency', 'cacheEntries'] as const;
const FIRST_ONLY = { store: 'give it in the first argument: createJsonStorage({ store }, { … })', router: 'give it in the first argument: createJsonStorage({ router }, { … })' };

/**
 * Checks the two arguments of `createJsonStorage` and merges them. Service options are
 * accepted in either (`createJsonStorage({ store, layout })` as well as
 * `createJsonStorage({ store }, { layout })`), since one object is how every factory of the
 * family is called; an unknown key, `store` or `router` in the second argument, or one option
 * given twice with different values is `INVALID_ARGUMENT`, so nothing is silently ignored.
 */
export function factoryArguments(target: unknown, options: unknown): { target: JsonStorageTarget; options: JsonStorageOptions } {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) {
    throw new StorageError('INVALID_ARGUMENT', 'createJsonStorage needs { store } (an ObjectStore such as createLocalStore({ baseDir })) or { router }.', { provider: PROVIDER });
  }
  validateOptions(target, [...TARGET_KEYS, ...OPTION_KEYS], 'createJsonStorage', { provider: PROVIDER });
  const second = options ?? {};
  validateOptions(second, OPTION_KEYS, 'createJsonStorage (second argument)', { provider: PROVIDER, elsewhere: FIRST_ONLY });
  const merged: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    const first = target[key];
    const other = second[key];
    if (first !== undefined && other !== undefined && first !== other) {
      throw new StorageError('INVALID_ARGUMENT', `createJsonStorage: "${key}" is given in both arguments with different values; give it once.`, { provider: PROVIDER });
    }
    if ((other ?? first) !== undefined) merged[key] = other ?? first;
  }
  const { store, router } = target as JsonStorageTarget;
  return { target: { store, router }, options: merged };
}
