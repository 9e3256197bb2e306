import { compareKeys } from '@agentmap/storage-core';
import type { FileEntry } from '../files/metadata';
import type { FileTarget } from '../paths/target';
import { directoryPrefix } from './inspect';

/**
 * Lists a directory: files and sub-folders (ending with `/`) directly inside it, or with
 * `recursive` every file below it as a relative path. Sorted by name (UTF-8 byte order).
 * Keys ending with `/` (folder markers some tools create) are skipped.
 */
export async function listDirectory(target: FileTarget, recursive: boolean, signal?: AbortSignal): Promise<FileEntry[]> {
  const prefix = directoryPrefix(target.key);
  const entries: FileEntry[] = [];
  for await (const entry of target.store.list(prefix, { ...(recursive ? {} : { delimiter: '/' }), signal })) {
    if (entry.kind === 'prefix') {
      const path = entry.prefix.slice(prefix.length);
      entries.push({ name: path, path, isDirectory: true });
      continue;
    }
    const path = entry.key.slice(prefix.length);
    if (path === '' || path.endsWith('/')) continue;
    entries.push({
      name: path.slice(path.lastIndexOf('/') + 1),
      path,
      isDirectory: false,
      size: entry.size,
      ...(entry.lastModified ? { modified: entry.lastModified } : {}),
    });
  }
  // Backends list in key order already; sorting again keeps the promise on any plugin.
  return entries.sort((a, b) => compareKeys(a.path, b.path));
}
