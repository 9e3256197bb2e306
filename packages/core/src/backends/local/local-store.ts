import { randomBytes } from 'node:crypto';
import { type BigIntStats, createReadStream, futimesSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { type FileHandle, copyFile, mkdir, open, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { assertBody, bytesOf, destroyOnAbort, isStreamBody, toReadable } from '../../body/body';
import { fromFsError } from '../../errors/from-fs-error';
import { StorageError, abortError, throwIfAborted } from '../../errors/storage-error';
import { groupByDelimiter } from '../../keys/group-listing';
import { validatePrefix } from '../../keys/validate-key';
import { contentTypeFor } from '../../mime/content-types';
import type { StoreCapabilities } from '../../spec/capabilities';
import type { ListEntry, ObjectInfo } from '../../spec/object-info';
import type {
  CallOptions,
  CopyOptions,
  DeleteOptions,
  GetOptions,
  GetResult,
  GetStreamResult,
  ListOptions,
  ObjectStore,
  PutBody,
  PutOptions,
} from '../../spec/object-store';
import { normaliseMetadata } from '../shared/metadata';
import { checkPrecondition, resolveRange } from '../shared/preconditions';
import { etagOf, mayHaveSidecar, modifiedMs, nextMtime } from './etag';
import { KeyedMutex } from '../../sync/keyed-mutex';
import { acquireFileLock } from './file-lock';
import { walkObjects } from './list-tree';
import { type KeyPaths, LocalPaths, tempName } from './paths';
import { currentProcess, formatIdentity } from './process-alive';
import { type Sidecar, readSidecar } from './sidecar';
import { ensureDir, hasMetadata, isMissing, notFound, openForRead, syncDir, writeSidecar, writeStream } from './local-fs';

/** Options of {@link createLocalStore}. */
export interface LocalStoreOptions {
  /** The directory every key lives under. Created when missing. */
  baseDir: string;
  /**
   * Also fsync the directory after each rename, so a committed write survives power loss
   * (not only a process crash). Costs one more fsync per write. Default false.
   */
  syncDirectory?: boolean;
  /** How long a write waits for another live writer's lock on the same key. Default 30 s. */
  lockTimeoutMs?: number;
}

const CAPABILITIES: StoreCapabilities = {
  conditionalWrite: true,
  range: true,
  presign: false,
  multipart: false,
  versioning: false,
  metadata: true,
  streaming: true,
  serverSideCopy: true,
};

const provider = 'local';

/**
 * An ObjectStore on the local file system, rooted at `baseDir`. Writes are atomic (temp
 * file in the same directory, fsync, rename), so readers see the old or the new object,
 * never a torn one; every commit happens under a per-key lock file, so conditional writes
 * hold across processes, and a lock left by a crashed process is taken over at once.
 */
export function createLocalStore(options: LocalStoreOptions): ObjectStore {
  if (!options || typeof options.baseDir !== 'string' || options.baseDir.trim() === '') {
    throw new StorageError('INVALID_ARGUMENT', 'createLocalStore needs { baseDir }: the directory to keep objects in (providers.local.base_dir in config).', {
      provider,
    });
  }
  const baseDir = resolve(options.baseDir);
  const paths = new LocalPaths(baseDir);
  const mutex = new KeyedMutex();
  const owner = formatIdentity(currentProcess());
  const lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
  let ready: Promise<void> | undefined;
  const ensureBase = () => (ready ??= mkdir(baseDir, { recursive: true }).then(() => undefined));

  /** Resolves a key's files after the base exists; every fs error becomes a StorageError. */
  const locate = async (key: string): Promise<KeyPaths> => {
    await ensureBase().catch((e) => {
      ready = undefined;
      // mkdir says EEXIST (or ENOTDIR for a file on the way): the base is not a directory.
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'EEXIST' || code === 'ENOTDIR') {
        throw new StorageError('INVALID_ARGUMENT', `baseDir ${JSON.stringify(options.baseDir)} is not a directory (a file is in its place); point baseDir (providers.local.base_dir) at a directory, or remove the file.`, {
          provider,
          cause: e,
        });
      }
      throw fromFsError(e, options.baseDir);
    });
    return paths.forKey(key);
  };

  /** Info for a file, or undefined when missing. Directories count as missing objects. */
  const infoOf = async (p: KeyPaths, handle?: FileHandle): Promise<ObjectInfo | undefined> => {
    try {
      return infoFrom(p, handle ? await handle.stat({ bigint: true }) : await stat(p.file, { bigint: true }));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };

  /** The same, synchronously, for the commit's critical section. */
  const infoNow = (p: KeyPaths): ObjectInfo | undefined => {
    try {
      const stats = statSync(p.file, { bigint: true, throwIfNoEntry: false });
      return stats ? infoFrom(p, stats) : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined; // a parent segment is a file
      throw error;
    }
  };

  /** `sidecar`: the one just written (or `null`: none); otherwise looked up when the stamp says so. */
  const infoFrom = (p: KeyPaths, stats: BigIntStats, sidecar?: Sidecar | null): ObjectInfo | undefined => {
    if (!stats.isFile()) return undefined;
    const etag = etagOf(stats);
    const found = sidecar === undefined ? (mayHaveSidecar(stats) ? readSidecar(p.sidecar) : undefined) : (sidecar ?? undefined);
    const current = found?.etag === etag ? found : undefined;
    return {
      key: p.key,
      size: Number(stats.size),
      etag,
      lastModified: new Date(modifiedMs(stats)),
      contentType: current?.contentType ?? contentTypeFor(p.key),
      metadata: current?.metadata ?? {},
    };
  };

  /** Writes the body into a fresh temp file next to the target, stamps it and fsyncs it. */
  const writeTemp = async (p: KeyPaths, body: PutBody, withSidecar: boolean, signal: AbortSignal | undefined): Promise<{ temp: string; stamp: Date }> => {
    const temp = `${p.dir}/${tempName(owner, randomBytes(6).toString('hex'))}`;
    const source = isStreamBody(body) ? undefined : bytesOf(body);
    await paths.assertInside(p.dir, p.key);
    for (let attempt = 0; ; attempt++) {
      let handle: FileHandle | undefined;
      try {
        handle = await open(temp, 'wx');
        if (source) await handle.writeFile(source);
        else await writeStream(handle, body, signal);
        // Stamp before fsync so the commit does not dirty the inode again (see commit()).
        const stamp = nextMtime(undefined, withSidecar);
        futimesSync(handle.fd, stamp, stamp);
        await handle.sync();
        return { temp, stamp };
      } catch (error) {
        await handle?.close();
        handle = undefined;
        await unlink(temp).catch(() => undefined);
        // The folder is created on demand (and a concurrent delete may prune it meanwhile).
        if (isMissing(error) && attempt < 3) {
          await ensureDir(p.dir, p.key);
          await paths.assertInside(p.dir, p.key);
          continue;
        }
        if (signal?.aborted) throw abortError(signal, provider);
        throw error;
      } finally {
        await handle?.close();
      }
    }
  };

  /**
   * The commit point: under the key's lock, check the precondition against the current
   * version, stamp a strictly later mtime, write the sidecar, and rename into place.
   */
  const commit = async (p: KeyPaths, temp: string, stamp: Date, opts: PutOptions & { metadata?: Record<string, string> }): Promise<ObjectInfo> =>
    withKeyLock(p, opts.signal, async (verify) => {
      // Synchronous from here to the rename: a handful of metadata calls on the local disk,
      // so the lock is held for microseconds.
      const current = infoNow(p);
      checkPrecondition(current, opts, p.key, provider);
      const withSidecar = hasMetadata(opts);
      // Another commit landed since the temp file was stamped: stamp later than it.
      if (current && current.lastModified.getTime() >= stamp.getTime()) {
        const later = nextMtime(current.lastModified.getTime(), withSidecar);
        utimesSync(temp, later, later);
      }
      const stats = statSync(temp, { bigint: true });
      const etag = etagOf(stats);
      const sidecar: Sidecar | undefined = withSidecar
        ? { etag, ...(opts.contentType === undefined ? {} : { contentType: opts.contentType }), metadata: normaliseMetadata(opts.metadata) }
        : undefined;
      if (sidecar) writeSidecar(p.sidecar, sidecar, owner);
      if (!(await verify())) throw new StorageError('UNAVAILABLE', `Lost the lock on "${p.key}" to another writer; retry.`, { provider, key: p.key, retryable: true });
      renameSync(temp, p.file);
      if (!sidecar) rmSync(p.sidecar, { force: true });
      if (options.syncDirectory) await syncDir(p.dir);
      return infoFrom(p, stats, sidecar ?? null)!;
    });

  const withKeyLock = <T>(p: KeyPaths, signal: AbortSignal | undefined, fn: (verify: () => Promise<boolean>) => Promise<T>): Promise<T> =>
    mutex.run(p.file, async () => {
      const lock = await acquireFileLock(p.lock, { timeoutMs: lockTimeoutMs, signal, key: p.key });
      try {
        return await fn(() => lock.verify());
      } finally {
        await lock.release();
      }
    });

  /** Removes directories left empty by a delete, up to (not including) the base. */
  const prune = async (dir: string) => {
    const base = await paths.base();
    for (let d = dir; d !== base && d.startsWith(base); d = dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        return;
      }
    }
  };

  const guard = async <T>(key: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> => {
    throwIfAborted(signal, provider);
    try {
      return await fn();
    } catch (error) {
      throw fromFsError(error, typeof key === 'string' ? key : String(key), provider);
    }
  };

  const store: ObjectStore = {
    provider,
    location: `local:${options.baseDir}`,
    capabilities: CAPABILITIES,

    async get(key: string, opts: GetOptions = {}): Promise<GetResult> {
      return guard(key, opts.signal, async () => {
        const p = await locate(key);
        const handle = await openForRead(p, paths);
        try {
          const info = await infoOf(p, handle);
          if (!info) throw notFound(key);
          const [start, end] = resolveRange(info.size, opts.range, key, provider);
          const body = new Uint8Array(end - start);
          let at = 0;
          while (at < body.byteLength) {
            const { bytesRead } = await handle.read(body, at, body.byteLength - at, start + at);
            if (bytesRead === 0) break;
            at += bytesRead;
          }
          throwIfAborted(opts.signal, provider);
          return { body: at === body.byteLength ? body : body.subarray(0, at), info };
        } finally {
          await handle.close();
        }
      });
    },

    async getStream(key: string, opts: GetOptions = {}): Promise<GetStreamResult> {
      return guard(key, opts.signal, async () => {
        const p = await locate(key);
        const handle = await openForRead(p, paths);
        let info: ObjectInfo | undefined;
        try {
          info = await infoOf(p, handle);
          if (!info) throw notFound(key);
        } catch (error) {
          await handle.close();
          throw error;
        }
        const [start, end] = resolveRange(info.size, opts.range, key, provider);
        if (end === start) {
          await handle.close();
          return { stream: toReadable(new Uint8Array(0)), info };
        }
        // The stream reads from the open handle: a concurrent replace cannot tear it.
        const stream = destroyOnAbort(createReadStream('', { fd: handle, start, end: end - 1, highWaterMark: 1 << 20 }), opts.signal, provider);
        return { stream, info };
      });
    },

    async put(key: string, body: PutBody, opts: PutOptions = {}): Promise<ObjectInfo> {
      assertBody(body);
      return guard(key, opts.signal, async () => {
        const p = await locate(key);
        const { temp, stamp } = await writeTemp(p, body, hasMetadata(opts), opts.signal);
        try {
          throwIfAborted(opts.signal, provider);
          return await commit(p, temp, stamp, opts);
        } finally {
          await unlink(temp).catch(() => undefined);
        }
      });
    },

    async head(key: string, opts: CallOptions = {}): Promise<ObjectInfo | undefined> {
      return guard(key, opts.signal, async () => {
        const p = await locate(key);
        await paths.assertInside(p.file, key);
        // One stat on the local disk: in place it costs a few microseconds, through the thread
        // pool tens of them — and services revalidate their caches with a head on every read.
        return infoNow(p);
      });
    },

    async delete(key: string, opts: DeleteOptions = {}): Promise<boolean> {
      return guard(key, opts.signal, async () => {
        const p = await locate(key);
        await paths.assertInside(p.file, key);
        // Nothing to delete and nothing to check: no lock (whose file would need the folder).
        if (opts.ifMatch === undefined && !(await infoOf(p))) return false;
        const removed = await withKeyLock(p, opts.signal, async () => {
          const current = await infoOf(p);
          if (opts.ifMatch !== undefined) checkPrecondition(current, { ifMatch: opts.ifMatch }, key, provider, true);
          if (!current) return false;
          await unlink(p.file);
          await unlink(p.sidecar).catch(() => undefined);
          return true;
        });
        if (removed) await prune(p.dir);
        return removed;
      });
    },

    async *list(prefix = '', opts: ListOptions = {}): AsyncGenerator<ListEntry> {
      validatePrefix(prefix, provider);
      throwIfAborted(opts.signal, provider);
      try {
        await ensureBase();
      } catch (error) {
        throw fromFsError(error, options.baseDir);
      }
      const base = await paths.base();
      const objects = walkObjects(base, prefix, { startAfter: opts.startAfter, delimiter: opts.delimiter, signal: opts.signal });
      // Without a delimiter every object is an entry as it is: one generator less per entry.
      yield* opts.delimiter ? groupByDelimiter(objects, prefix, opts.delimiter) : objects;
    },

    async copy(from: string, to: string, opts: CopyOptions = {}): Promise<ObjectInfo> {
      return guard(from, opts.signal, async () => {
        const source = await locate(from);
        const target = await locate(to);
        await paths.assertInside(source.file, from);
        const info = await infoOf(source);
        if (!info) throw notFound(from);
        if (opts.ifMatch !== undefined) checkPrecondition(info, { ifMatch: opts.ifMatch }, from, provider);
        const temp = `${target.dir}/${tempName(owner, randomBytes(6).toString('hex'))}`;
        try {
          await paths.assertInside(target.dir, to);
          await ensureDir(target.dir, to);
          await copyFile(source.file, temp);
          const sidecar = readSidecar(source.sidecar);
          const meta = sidecar?.etag === info.etag ? { contentType: sidecar.contentType, metadata: sidecar.metadata } : undefined;
          const stamp = nextMtime(undefined, meta !== undefined && hasMetadata(meta));
          const handle = await open(temp, 'r+');
          await handle
            .utimes(stamp, stamp)
            .then(() => handle.sync())
            .finally(() => handle.close());
          return await commit(target, temp, stamp, {
            ...(opts.ifNoneMatch ? { ifNoneMatch: opts.ifNoneMatch } : {}),
            ...meta,
            ...(opts.signal ? { signal: opts.signal } : {}),
          });
        } finally {
          await unlink(temp).catch(() => undefined);
        }
      });
    },
  };
  return store;
}
