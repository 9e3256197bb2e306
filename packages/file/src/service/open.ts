import { type GetStreamResult, isStorageError } from '@agentmap/storage-core';
import type { FileTarget } from '../paths/target';
import { checkExtension } from './policy';
import type { FileSettings } from './settings';
import { collectCounted, countedStream, tooLarge } from '../streams/size-limit';

/** Opens a file as a stream; `undefined` when there is no file at the target. */
export async function openFile(target: FileTarget, signal?: AbortSignal): Promise<GetStreamResult | undefined> {
  if (target.key === '') return undefined;
  try {
    return await target.store.getStream(target.key, { signal });
  } catch (error) {
    if (isStorageError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}

/**
 * Opens a file the service may read: past `allowedExtensions`, checked once the target is
 * known to be a file (a folder has no extension to check). The stream is released on refusal.
 */
export async function openAllowed(settings: FileSettings, target: FileTarget, signal?: AbortSignal): Promise<GetStreamResult | undefined> {
  const opened = await openFile(target, signal);
  if (!opened) return undefined;
  try {
    checkExtension(settings, target);
  } catch (error) {
    opened.stream.destroy();
    throw error;
  }
  return opened;
}

/**
 * Reads an opened file into memory, refusing one over `limit` before downloading it when the
 * size is known, and as soon as the count passes the limit otherwise.
 */
export async function readOpened(opened: GetStreamResult, target: FileTarget, limit: number | undefined, signal?: AbortSignal): Promise<Uint8Array> {
  if (limit !== undefined && opened.info.size > limit) {
    opened.stream.destroy();
    throw tooLarge(target.source, limit, 'read');
  }
  return collectCounted(countedStream(opened.stream, limit, target.source, 'read'), signal);
}
