import { type StorageResult, successResult, mapLimit, settleWrite } from '@agentmap/storage-core';
import { fileError } from '../errors';
import type { FileDeleteOptions } from '../options';
import type { FileTarget } from '../paths/target';
import { directoryPrefix, inspect } from './inspect';

/** Deletes running at once when removing a directory. */
export const DELETE_CONCURRENCY = 8;

/**
 * The delete operation: a file, or a directory with everything under it (only with
 * `recursive`: a non-empty directory without it is `INVALID_ARGUMENT`, and nothing is deleted).
 */
export async function deleteTarget(target: FileTarget, options: FileDeleteOptions = {}): Promise<StorageResult> {
  const fields = { operation: 'delete', collection: target.collection, ...(target.path ? { documentId: target.path } : {}) };
  return settleWrite(fields, async () => {
    const found = await inspect(target, options.signal);
    if (found.file) {
      await target.store.delete(target.key, { signal: options.signal });
      return successResult({ ...fields, count: 1, totalAffected: 1, deletedIds: [target.path] });
    }
    if (!found.directory) {
      throw fileError('NOT_FOUND', `"${target.source}" does not exist; nothing was deleted.`, { key: target.source });
    }
    const prefix = directoryPrefix(target.key);
    const keys: string[] = [];
    for await (const entry of target.store.list(prefix, { signal: options.signal })) if (entry.kind === 'object') keys.push(entry.key);
    if (options.recursive !== true) {
      throw fileError('INVALID_ARGUMENT', `"${target.source}" is a directory holding ${keys.length} file(s); pass { recursive: true } to delete it with everything under it.`, {
        key: target.source,
      });
    }
    await mapLimit(keys, DELETE_CONCURRENCY, async (key) => void (await target.store.delete(key, { signal: options.signal })));
    const deletedIds = keys.map((key) => key.slice(prefix.length));
    return successResult({ ...fields, count: keys.length, totalAffected: keys.length, deletedIds });
  });
}
