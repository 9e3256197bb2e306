import { setTimeout as delay } from 'node:timers/promises';
import { type ObjectInfo, type ObjectStore, type PutOptions, StorageError, isStorageError } from '@agentmap/storage-core';
import { asStorageError } from '../batch/errors';
import { type Digest, DigestStream, digestOf, digestOfBytes, sameDigest } from './digest';
import type { MigrationItem } from './types';

/** What one object's migration needs to know. */
export interface CopyContext {
  from: ObjectStore;
  to: ObjectStore;
  overwrite: 'never' | 'changed';
  verify: boolean;
  dryRun: boolean;
  /** The destination enforces ifMatch / ifNoneMatch. */
  conditional: boolean;
  retries: number;
  signal: AbortSignal | undefined;
}

type Outcome = Omit<MigrationItem, 'key' | 'destination'>;

/**
 * Migrates one object: creates it at the destination only if nothing is there
 * (`ifNoneMatch: '*'`); when something is, compares digests and leaves it (`unchanged` or
 * `conflict`) or, with `overwrite: 'changed'`, replaces it only if it still has the etag that
 * was compared. Retryable failures are tried again with a fresh read of the source.
 */
export async function migrateObject(context: CopyContext, key: string, destination: string, listedSize?: number): Promise<MigrationItem> {
  const signalOption = context.signal ? { signal: context.signal } : {};
  for (let attempt = 0; ; attempt++) {
    try {
      return { key, destination, ...(await attemptOnce(context, key, destination, signalOption, listedSize)) };
    } catch (error) {
      const failure = asStorageError(error);
      if (failure.retryable && attempt < context.retries && !context.signal?.aborted) {
        await delay(100 * 2 ** attempt);
        continue;
      }
      if (failure.code === 'NOT_FOUND' && !(await exists(context.from, key, signalOption))) {
        return { key, destination, status: 'vanished', bytes: 0, error: { code: 'NOT_FOUND', message: `The source object "${key}" was deleted during the migration; nothing was copied.` } };
      }
      return { key, destination, status: 'failed', bytes: 0, error: { code: failure.code, message: failure.message } };
    }
  }
}

async function attemptOnce(context: CopyContext, key: string, destination: string, signalOption: { signal?: AbortSignal }, listedSize: number | undefined): Promise<Outcome> {
  const { to } = context;
  if (context.dryRun) {
    const existing = await to.head(destination, signalOption);
    return { status: existing ? 'would-compare' : 'would-copy', bytes: 0 };
  }
  if (!context.conditional) {
    // Without enforced conditions the check and the write are two steps; a racing writer can slip between them.
    const existing = await to.head(destination, signalOption);
    if (existing) return compareExisting(context, key, destination, existing, signalOption, listedSize);
  }
  try {
    return await copyObject(context, key, destination, context.conditional ? { ifNoneMatch: '*' } : {}, signalOption, listedSize);
  } catch (error) {
    if (!isStorageError(error, 'PRECONDITION_FAILED') && !isStorageError(error, 'ALREADY_EXISTS')) throw error;
    const existing = await to.head(destination, signalOption);
    // Created and deleted again meanwhile: a retry starts over.
    if (!existing) throw new StorageError('UNAVAILABLE', `"${destination}" appeared and vanished while being created; trying again.`, { provider: 'ops', key: destination });
    return compareExisting(context, key, destination, existing, signalOption, listedSize);
  }
}

async function compareExisting(context: CopyContext, key: string, destination: string, existing: ObjectInfo, signalOption: { signal?: AbortSignal }, listedSize: number | undefined): Promise<Outcome> {
  const source = await digestOf(context.from, key, context.signal);
  const target = await digestOf(context.to, destination, context.signal);
  if (sameDigest(source, target)) return { status: 'unchanged', bytes: 0 };
  if (context.overwrite !== 'changed') {
    return {
      status: 'conflict',
      bytes: 0,
      error: { code: 'ALREADY_EXISTS', message: `"${destination}" already exists with other bytes (${target.size} bytes, source ${source.size}); it was left alone. Pass overwrite: 'changed' (--overwrite) to replace it.` },
    };
  }
  // Conditional on the version that was compared: a write that landed since is newer data.
  const ifMatch = context.conditional ? { ifMatch: target.etag || existing.etag } : {};
  try {
    return await copyObject(context, key, destination, ifMatch, signalOption, listedSize);
  } catch (error) {
    if (!isStorageError(error, 'PRECONDITION_FAILED') && !isStorageError(error, 'NOT_FOUND')) throw error;
    return {
      status: 'conflict',
      bytes: 0,
      error: { code: 'PRECONDITION_FAILED', message: `"${destination}" changed at the destination while it was being compared; the newer object was kept. Run the migration again to compare it.` },
    };
  }
}

/**
 * Objects listed at up to this size are read whole and written from memory, as a plain copy
 * loop does: for small objects a read stream piped through the hash into a streamed upload
 * costs more than the bytes. Larger ones are streamed, so memory stays bounded by
 * `concurrency` × this size plus the destination's part buffers.
 */
export const SMALL_OBJECT_BYTES = 1024 * 1024;

type Condition = Pick<PutOptions, 'ifMatch' | 'ifNoneMatch'>;

function putOptions(info: ObjectInfo, condition: Condition, signalOption: { signal?: AbortSignal }): PutOptions {
  return {
    ...(info.contentType ? { contentType: info.contentType } : {}),
    ...(info.metadata && Object.keys(info.metadata).length > 0 ? { metadata: info.metadata } : {}),
    contentLength: info.size,
    ...condition,
    ...signalOption,
  };
}

async function copyObject(context: CopyContext, key: string, destination: string, condition: Condition, signalOption: { signal?: AbortSignal }, listedSize: number | undefined): Promise<Outcome> {
  if (listedSize !== undefined && listedSize <= SMALL_OBJECT_BYTES) {
    const { body, info } = await context.from.get(key, signalOption);
    const digest = digestOfBytes(body);
    const written = await context.to.put(destination, body, putOptions(info, condition, signalOption));
    return checkCopy(context, key, destination, info, digest, written);
  }
  // The signal is not handed to getStream: a stream aborted before the caller attaches its
  // error handler would throw unhandled. The put below carries it, and ends the read.
  const { stream, info } = await context.from.getStream(key);
  const hashing = new DigestStream();
  stream.on('error', (error) => hashing.destroy(error));
  stream.pipe(hashing);
  let written: ObjectInfo;
  try {
    written = await context.to.put(destination, hashing, putOptions(info, condition, signalOption));
  } finally {
    if (!stream.destroyed) stream.destroy();
  }
  return checkCopy(context, key, destination, info, hashing.digest(), written);
}

/** Compares what was read, what the source said and what the destination stored; with `verify`, reads the copy back. */
async function checkCopy(context: CopyContext, key: string, destination: string, info: ObjectInfo, digest: Digest, written: ObjectInfo): Promise<Outcome> {
  if (digest.size !== info.size || written.size !== digest.size) {
    return {
      status: 'mismatch',
      bytes: digest.size,
      error: { code: 'CORRUPT_DATA', message: `"${key}" read ${digest.size} bytes (source says ${info.size}) and "${destination}" holds ${written.size}; the source may have changed while copying. Run the migration again.` },
    };
  }
  if (context.verify) {
    const check = await digestOf(context.to, destination, context.signal);
    if (!sameDigest(check, digest)) {
      return {
        status: 'mismatch',
        bytes: digest.size,
        error: { code: 'CORRUPT_DATA', message: `"${destination}" does not read back as written (size ${check.size} vs ${digest.size}, or a different SHA-256); check the destination and run the migration again.` },
      };
    }
  }
  return { status: 'copied', bytes: digest.size };
}

async function exists(store: ObjectStore, key: string, signalOption: { signal?: AbortSignal }): Promise<boolean> {
  try {
    return (await store.head(key, signalOption)) !== undefined;
  } catch {
    return true;
  }
}
