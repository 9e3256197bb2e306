import { type BigIntStats, type Dir, lstatSync, opendirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import { throwIfAborted } from '../../errors/storage-error';
import { fromFsError } from '../../errors/from-fs-error';
import { compareKeys } from '../../keys/validate-key';
import type { ObjectEntry } from '../../spec/object-info';
import { etagOf, modifiedMs } from './etag';
import { isInternalName, tempOwner } from './paths';
import { isProcessAlive, parseIdentity } from './process-alive';

interface WalkOptions {
  startAfter?: string | undefined;
  delimiter?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Objects stat'ed per step of the walk. Each stat is one synchronous call of a few
 * microseconds on a local disk, so a step holds the event loop for well under a millisecond,
 * and a caller that stops after a few entries pays for one step, not the whole folder.
 */
const STEP = 128;

/** Entries read from the kernel per `readdir` call while scanning a folder. */
const READ_BUFFER = 1024;

/** Names containing UTF-16 surrogates: only then does code-unit order differ from key order. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * One folder's entries in key order. Each is the entry's name, with a trailing `/` for a
 * folder (a folder `a` sorts as the prefix `a/`): one string per entry, so a folder of a
 * million entries costs tens of megabytes while it is being walked, and nothing after.
 */
interface Folder {
  names: string[];
  /** Names of symbolic links, which need their target checked before they are listed. */
  links: Set<string> | undefined;
}

/**
 * Yields the objects under `prefix` in key order, reading one directory at a time. With the
 * `/` delimiter a sub-directory below the prefix only needs its first object (the caller
 * folds it into a common prefix), so deep trees are not walked. Temp files of writers that
 * died are removed on the way.
 */
export function walkObjects(base: string, prefix: string, options: WalkOptions): AsyncGenerator<ObjectEntry, boolean> {
  const slash = prefix.lastIndexOf('/');
  const dirKey = prefix.slice(0, slash + 1);
  const namePrefix = prefix.slice(slash + 1);
  const start = join(base, ...dirKey.split('/').filter(Boolean));
  return walkDir(base, start, dirKey, namePrefix, prefix, options, false, true);
}

async function* walkDir(
  base: string,
  dir: string,
  keyPrefix: string,
  namePrefix: string,
  prefix: string,
  options: WalkOptions,
  firstOnly: boolean,
  checkInside = false,
): AsyncGenerator<ObjectEntry, boolean> {
  throwIfAborted(options.signal, 'local');
  if (checkInside && !isInsideBase(base, dir)) return false;
  const { names, links } = readFolder(dir, keyPrefix);
  const { startAfter } = options;
  let step: ObjectEntry[] = [];
  for (let i = firstIndex(names, namePrefix); i < names.length; i++) {
    const sortName = names[i]!;
    if (!sortName.startsWith(namePrefix)) break; // sorted: the names with this prefix are contiguous
    const isDir = sortName.endsWith('/');
    const name = isDir ? sortName.slice(0, -1) : sortName;
    const key = keyPrefix + name;
    if (isDir) {
      if (startAfter !== undefined && !startAfter.startsWith(key + '/') && compareKeys(key + '/', startAfter) < 0) continue;
      // Everything before this folder goes out first: keys stay in order.
      for (const entry of step) yield entry;
      step = [];
      const collapse = options.delimiter === '/' && key.length + 1 > prefix.length;
      const found = yield* walkDir(base, join(dir, name), key + '/', '', prefix, options, firstOnly || collapse);
      if (firstOnly && found) return true;
      continue;
    }
    if (startAfter !== undefined && compareKeys(key, startAfter) <= 0) continue;
    const stats = links?.has(name) ? linkTarget(base, join(dir, name)) : statOf(join(dir, name));
    if (!stats?.isFile()) continue;
    step.push({ kind: 'object', key, size: Number(stats.size), etag: etagOf(stats), lastModified: new Date(modifiedMs(stats)) });
    if (firstOnly) break;
    if (step.length >= STEP) {
      for (const entry of step) yield entry;
      step = [];
      throwIfAborted(options.signal, 'local');
    }
  }
  for (const entry of step) yield entry;
  return firstOnly && step.length > 0;
}

/** Reads a folder's entries and sorts them as keys sort, skipping (and tidying) internal files. */
function readFolder(dir: string, keyPrefix: string): Folder {
  const names: string[] = [];
  let links: Set<string> | undefined;
  let surrogates = false;
  let handle: Dir;
  try {
    handle = opendirSync(dir, { bufferSize: READ_BUFFER });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { names, links };
    throw fromFsError(error, keyPrefix || '/');
  }
  try {
    for (let dirent = handle.readSync(); dirent !== null; dirent = handle.readSync()) {
      const name = dirent.name;
      if (isInternalName(name)) {
        removeIfAbandoned(dir, name);
        continue;
      }
      let isDir = dirent.isDirectory();
      if (dirent.isSymbolicLink()) {
        (links ??= new Set()).add(name);
        isDir = false; // links to folders are never followed (cycles)
      } else if (!isDir && !dirent.isFile()) {
        // Some file systems do not report entry types: ask for this one.
        const stats = lstatSync(join(dir, name), { throwIfNoEntry: false });
        if (stats?.isSymbolicLink()) (links ??= new Set()).add(name);
        isDir = stats?.isDirectory() ?? false;
      }
      if (!surrogates && SURROGATE.test(name)) surrogates = true;
      names.push(isDir ? `${name}/` : name);
    }
  } catch (error) {
    throw fromFsError(error, keyPrefix || '/');
  } finally {
    handle.closeSync();
  }
  // Without surrogates, the built-in comparison (UTF-16 code units) is code-point order.
  if (surrogates) names.sort(compareKeys);
  else names.sort();
  return { names, links };
}

/** The first index whose name may start with `namePrefix` (the names are sorted). */
function firstIndex(names: readonly string[], namePrefix: string): number {
  if (namePrefix === '') return 0;
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(names[mid]!, namePrefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function statOf(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined; // replaced by a folder or removed meanwhile: not an object any more
  }
}

/** A symbolic link counts only when it leads to a file inside the base. */
function linkTarget(base: string, path: string): BigIntStats | undefined {
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch {
    return undefined;
  }
  return real.startsWith(base + sep) ? statOf(real) : undefined;
}

function isInsideBase(base: string, dir: string): boolean {
  try {
    const real = realpathSync.native(dir);
    return real === base || real.startsWith(base + sep);
  } catch {
    return false;
  }
}

/** Deletes a temp file whose writer is no longer running. */
function removeIfAbandoned(dir: string, name: string): void {
  const owner = tempOwner(name);
  if (owner === undefined) return;
  const identity = parseIdentity(owner);
  if (identity && !isProcessAlive(identity)) {
    try {
      unlinkSync(join(dir, name));
    } catch {
      // Already gone: another lister or the writer's own cleanup got there first.
    }
  }
}
