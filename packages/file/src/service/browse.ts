import { type Query, applyQuery, compareKeys } from '@agentmap/storage-core';
import { type FileEntry, type FileMetadata, directoryMetadata, fileMetadata } from '../files/metadata';
import { extensionOf } from '../files/kinds';
import type { FileTarget } from '../paths/target';
import type { FileContext } from './context';
import { inspect } from './inspect';
import { listDirectory } from './listing';

/** Metadata of a file or directory, or `undefined` when there is neither. */
export async function metadataOf(target: FileTarget, signal?: AbortSignal): Promise<FileMetadata | undefined> {
  const found = await inspect(target, signal);
  if (found.file) return fileMetadata(found.file, target);
  return found.directory ? directoryMetadata(target) : undefined;
}

/**
 * Files below a directory (recursively) matching a query on `name`, `path`, `extension`
 * and `size`; 0 when the directory does not exist. A file counts as 1.
 */
export async function countFiles(target: FileTarget, query?: Query, signal?: AbortSignal): Promise<number> {
  const found = await inspect(target, signal);
  if (found.file) return 1;
  if (!found.directory) return 0;
  const files = (await listDirectory(target, true, signal)).filter((e) => !e.isDirectory).map((e) => ({ ...e, extension: extensionOf(e.path) }));
  return query === undefined ? files.length : applyQuery<FileEntry & { extension: string }>(files, query).length;
}

/** Top-level folders of the service (its collections), sorted. */
export async function collectionsOf(ctx: FileContext): Promise<string[]> {
  const prefix = ctx.prefix === '' ? '' : `${ctx.prefix}/`;
  const names: string[] = [];
  for await (const entry of ctx.rootStore().list(prefix, { delimiter: '/' })) {
    if (entry.kind === 'prefix') names.push(entry.prefix.slice(prefix.length, -1));
  }
  return names.sort(compareKeys);
}
