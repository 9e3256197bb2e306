import { validateOptions } from '@agentmap/storage-core';
import { PROVIDER, fileError } from '../errors';
import type { FileStorageOptions, FileStorageTarget } from '../options';

const TARGET_KEYS = ['store', 'router', 'prefix'] as const;
const OPTION_KEYS = ['binaryMode', 'shouldSplit', 'chunkSize', 'chunkOverlap', 'allowedExtensions', 'maxFileSize', 'allowBinary'] as const;
const FIRST_ONLY: Record<(typeof TARGET_KEYS)[number], string> = {
  store: 'give it in the first argument: createFileStorage({ store }, { … })',
  router: 'give it in the first argument: createFileStorage({ router }, { … })',
  prefix: 'give it in the first argument: createFileStorage({ store, prefix }, { … })',
};

/**
 * Checks the two arguments of `createFileStorage` and merges them. The service options
 * (`allowedExtensions`, `maxFileSize`, `allowBinary`…) are accepted next to the store, where
 * users naturally put them (`createFileStorage({ store, maxFileSize: '50MB' })`), as well as
 * in the second argument: a security limit must never be quietly off because it sat in the
 * other object. An unknown key, a target key in the second argument, or one option given in
 * both with different values is `INVALID_ARGUMENT`.
 */
export function factoryArguments(target: unknown, options: unknown): { target: FileStorageTarget; options: FileStorageOptions } {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) {
    throw fileError('INVALID_ARGUMENT', 'createFileStorage needs { store } (an ObjectStore such as createLocalStore({ baseDir })) or { router }.');
  }
  validateOptions(target, [...TARGET_KEYS, ...OPTION_KEYS], 'createFileStorage', { provider: PROVIDER });
  const second = options ?? {};
  validateOptions(second, OPTION_KEYS, 'createFileStorage (second argument)', { provider: PROVIDER, elsewhere: FIRST_ONLY });
  const merged: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    const first = target[key];
    const other = second[key];
    if (first !== undefined && other !== undefined && first !== other) {
      throw fileError('INVALID_ARGUMENT', `createFileStorage: "${key}" is given in both arguments with different values; give it once.`);
    }
    if ((other ?? first) !== undefined) merged[key] = other ?? first;
  }
  const { store, router, prefix } = target as FileStorageTarget;
  return { target: { store, router, prefix }, options: merged };
}
