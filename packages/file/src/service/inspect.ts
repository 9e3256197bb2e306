import type { ObjectInfo, ObjectStore } from '@agentmap/storage-core';
import type { FileTarget } from '../paths/target';

/** The key prefix under which a directory's files live (`''` at the store's root). */
export function directoryPrefix(key: string): string {
  return key === '' ? '' : `${key}/`;
}

/** Whether any object lives under `key/` (directories exist only through their files). */
export async function isDirectory(store: ObjectStore, key: string, signal?: AbortSignal): Promise<boolean> {
  for await (const _entry of store.list(directoryPrefix(key), { pageSize: 1, signal })) return true;
  return false;
}

/** What is at a target: a file (its info), a directory, or nothing. */
export async function inspect(target: FileTarget, signal?: AbortSignal): Promise<{ file?: ObjectInfo; directory: boolean }> {
  if (target.key !== '') {
    const file = await target.store.head(target.key, { signal });
    if (file) return { file, directory: false };
  }
  return { directory: await isDirectory(target.store, target.key, signal) };
}
