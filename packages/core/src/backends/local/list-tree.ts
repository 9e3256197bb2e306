import { type Dirent } from 'node:fs';
import { opendir, realpath, stat, unlink } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { throwIfAborted } from '../../errors/storage-error';
import { fromFsError } from '../../errors/from-fs-error';
import { compareKeys } from '../../keys/validate-key';
import type { ObjectEntry } from '../../spec/object-info';
import { etagOf, modifiedMs } from './etag';
import { isInternalName, tempOwner } from './paths';
import { isProcessAlive, parseIdentity } from './process-alive';

interface WalkOptions {
  startAfter?: string;
  delimiter?: string;
  signal?: AbortSignal;
}

/**
 * Yields the objects under `prefix` in key order, reading one directory at a time. With the
 * `/` delimiter a sub-directory below the prefix only needs its first object (the caller
 * folds it into a common prefix), so deep trees are not walked. Temp files of writers that
 * died are removed on the way.
 */
export async function* walkObjects(base: string, prefix: string, options: WalkOptions): AsyncGenerator<ObjectEntry> {
  const slash = prefix.lastIndexOf('/');
  const dirKey = prefix.slice(0, slash + 1);
  const namePrefix = prefix.slice(slash + 1);
  const start = join(base, ...dirKey.split('/').filter(Boolean));
  try {
    const real = await realpath(start);
    if (real !== base && !real.startsWith(base + sep)) return;
  } catch {
    return;
  }
  yield* walkDir(base, start, dirKey, namePrefix, prefix, options, false);
}

async function* walkDir(
  base: string,
  dir: string,
  keyPrefix: string,
  namePrefix: string,
  prefix: string,
  options: WalkOptions,
  firstOnly: boolean,
): AsyncGenerator<ObjectEntry, boolean> {
  throwIfAborted(options.signal, 'local');
  const entries = await readEntries(dir, keyPrefix);
  for (const { dirent, sortKey } of entries) {
    if (!dirent.name.startsWith(namePrefix)) continue;
    const key = keyPrefix + dirent.name;
    const path = join(dir, dirent.name);
    let isDir = dirent.isDirectory();
    let isFile = dirent.isFile();
    if (dirent.isSymbolicLink()) {
      // Follow links to files inside the base only; never links to directories (cycles).
      const real = await realpath(path).catch(() => undefined);
      if (!real || !real.startsWith(base + sep)) continue;
      const target = await stat(real).catch(() => undefined);
      isFile = target?.isFile() ?? false;
      isDir = false;
    }
    if (isDir) {
      const childPrefix = `${key}/`;
      if (options.startAfter !== undefined && !options.startAfter.startsWith(childPrefix) && compareKeys(sortKey, options.startAfter) < 0) continue;
      const collapse = options.delimiter === '/' && childPrefix.length > prefix.length;
      const found = yield* walkDir(base, path, childPrefix, '', prefix, options, firstOnly || collapse);
      if (firstOnly && found) return true;
      continue;
    }
    if (!isFile) continue;
    if (options.startAfter !== undefined && compareKeys(key, options.startAfter) <= 0) continue;
    const stats = await stat(path, { bigint: true }).catch(() => undefined);
    if (!stats?.isFile()) continue;
    yield { kind: 'object', key, size: Number(stats.size), etag: etagOf(stats), lastModified: new Date(modifiedMs(stats)) };
    if (firstOnly) return true;
  }
  return false;
}

/** A directory's entries sorted as keys sort (a directory `a` sorts as `a/`), internal files skipped. */
async function readEntries(dir: string, keyPrefix: string): Promise<Array<{ dirent: Dirent; sortKey: string }>> {
  const out: Array<{ dirent: Dirent; sortKey: string }> = [];
  let handle;
  try {
    handle = await opendir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return out;
    throw fromFsError(error, keyPrefix || '/');
  }
  for await (const dirent of handle) {
    if (isInternalName(dirent.name)) {
      await removeIfAbandoned(dir, dirent.name);
      continue;
    }
    out.push({ dirent, sortKey: keyPrefix + dirent.name + (dirent.isDirectory() ? '/' : '') });
  }
  out.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  return out;
}

/** Deletes a temp file whose writer is no longer running. */
async function removeIfAbandoned(dir: string, name: string): Promise<void> {
  const owner = tempOwner(name);
  if (owner === undefined) return;
  const identity = parseIdentity(owner);
  if (identity && !isProcessAlive(identity)) await unlink(join(dir, name)).catch(() => undefined);
}
