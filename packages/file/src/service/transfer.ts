import { type ObjectInfo, type StorageResult, isStorageError, successResult, mapLimit, settleWrite } from '@agentmap/storage-core';
import { fileError } from '../errors';
import { BINARY_EXTENSIONS, TEXT_EXTENSIONS, contentTypeOf, extensionOf } from '../files/kinds';
import { fileMetadata } from '../files/metadata';
import type { FileCopyOptions } from '../options';
import type { FileTarget } from '../paths/target';
import { joinKey } from '../paths/safe-path';
import { tooLarge } from '../streams/size-limit';
import { checkWritablePath } from './conflicts';
import type { FileContext } from './context';
import { directoryPrefix, inspect } from './inspect';
import { checkBinaryAllowed, checkExtension } from './policy';

/** Copies running at once when copying a directory. */
export const COPY_CONCURRENCY = 4;

/**
 * Copies (or moves) a file, or a directory with `recursive`. Inside one store the backend
 * copies server-side; across stores (with a router) bytes stream through, never held whole.
 * A move deletes each source only if it did not change while being copied.
 */
export async function transferTarget(ctx: FileContext, from: FileTarget, to: FileTarget, options: FileCopyOptions, move: boolean): Promise<StorageResult> {
  const operation = move ? 'move' : 'copy';
  if (from.path === '' || to.path === '') {
    throw fileError('INVALID_ARGUMENT', `${operation} needs a source and a destination document id: ${operation}('docs', 'a.txt', 'b.txt').`);
  }
  const sameStore = from.store === to.store;
  if (sameStore && (to.key === from.key || to.key.startsWith(`${from.key}/`) || from.key.startsWith(`${to.key}/`))) {
    throw fileError('INVALID_ARGUMENT', `Cannot ${operation} "${from.source}" onto "${to.source}": one contains the other; choose a destination outside the source.`);
  }
  const fields = { operation, collection: from.collection, documentId: from.path, data: { from: from.source, to: to.source } };
  return settleWrite(fields, async () => {
    const found = await inspect(from, options.signal);
    if (!found.file && !found.directory) throw fileError('NOT_FOUND', `"${from.source}" does not exist; nothing to ${operation}.`, { key: from.source });
    const pairs: Pair[] = [];
    if (found.file) {
      pairs.push({ source: from, destination: to, size: found.file.size, info: found.file });
    } else {
      if (options.recursive !== true) {
        throw fileError('INVALID_ARGUMENT', `"${from.source}" is a directory; pass { recursive: true } to ${operation} it with everything under it.`, { key: from.source });
      }
      const prefix = directoryPrefix(from.key);
      for await (const entry of from.store.list(prefix, { signal: options.signal })) {
        if (entry.kind !== 'object' || entry.key.endsWith('/')) continue;
        const relative = entry.key.slice(prefix.length);
        pairs.push({ source: below(from, relative), destination: below(to, relative), size: entry.size });
      }
    }
    // Every file is checked before the first byte moves, so a refusal leaves no partial copy.
    for (const pair of pairs) checkPolicy(ctx, pair);
    await checkWritablePath(to, found.file ? 'file' : 'directory', options.signal);
    await mapLimit(pairs, COPY_CONCURRENCY, async (pair) => {
      const info = pair.info ?? (await pair.source.store.head(pair.source.key, { signal: options.signal }));
      if (!info) throw fileError('NOT_FOUND', `"${pair.source.source}" disappeared while being ${move ? 'moved' : 'copied'}; retry.`, { key: pair.source.source });
      await transferFile(pair.source, pair.destination, info, options);
      if (move) await pair.source.store.delete(pair.source.key, { ifMatch: info.etag, signal: options.signal });
    });
    const ids = pairs.map((p) => p.destination.path);
    return successResult({ ...fields, count: pairs.length, totalAffected: pairs.length, ids });
  });
}

/** One file to copy: where from, where to, and what is known about it. */
interface Pair {
  source: FileTarget;
  destination: FileTarget;
  size: number;
  /** Known for a single file; looked up per file when copying a directory. */
  info?: ObjectInfo;
}

/**
 * A copy writes the destination, so the write rules apply: allowed extension, size, and
 * binary content (from the stored content type when known, else from the extensions).
 */
function checkPolicy(ctx: FileContext, pair: Pair): void {
  const { source, destination } = pair;
  checkExtension(ctx.settings, destination);
  const limit = ctx.settings.maxFileSize;
  if (limit !== undefined && pair.size > limit) throw tooLarge(destination.source, limit, 'write');
  const sourceExtension = extensionOf(source.key);
  const sourceBinary = pair.info ? fileMetadata(pair.info, source).isBinary : !TEXT_EXTENSIONS.has(sourceExtension);
  checkBinaryAllowed(ctx.settings, destination, sourceBinary || BINARY_EXTENSIONS.has(extensionOf(destination.key)));
}

async function transferFile(from: FileTarget, to: FileTarget, info: ObjectInfo, options: FileCopyOptions): Promise<void> {
  const ifNoneMatch = options.overwrite === false ? ('*' as const) : undefined;
  try {
    if (from.store === to.store) {
      await from.store.copy(from.key, to.key, { ifMatch: info.etag, ...(ifNoneMatch ? { ifNoneMatch } : {}), signal: options.signal });
      return;
    }
    const { stream } = await from.store.getStream(from.key, { signal: options.signal });
    await to.store.put(to.key, stream, {
      contentType: info.contentType ?? contentTypeOf(extensionOf(to.key)),
      contentLength: info.size,
      ...(ifNoneMatch ? { ifNoneMatch } : {}),
      signal: options.signal,
    });
  } catch (error) {
    if (ifNoneMatch && isStorageError(error, 'PRECONDITION_FAILED') && (await to.store.head(to.key, { signal: options.signal }))) {
      throw fileError('ALREADY_EXISTS', `"${to.source}" already exists and overwrite is false; delete it first or leave overwrite at its default (true).`, { key: to.source, cause: error });
    }
    throw error;
  }
}

/** A target for a file below a directory target. */
function below(directory: FileTarget, relative: string): FileTarget {
  return {
    ...directory,
    path: joinKey(directory.path, relative),
    key: joinKey(directory.key, relative),
    source: joinKey(directory.source, relative),
  };
}
