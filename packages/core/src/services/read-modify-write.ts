import { isReplayedConflict } from '../errors/outcome-unknown';
import { StorageError, isStorageError, throwIfAborted } from '../errors/storage-error';
import type { ObjectInfo } from '../spec/object-info';
import { KeyedMutex } from '../sync/keyed-mutex';
import type { ObjectStore, PutOptions } from '../spec/object-store';

/** What an updater returns: the new bytes to store, or `undefined` to store nothing. */
export interface UpdateOutcome<R> {
  body?: string | Uint8Array;
  /** Delete the object instead of writing it. */
  delete?: boolean;
  /** Anything the caller wants back (counts, ids…). */
  result: R;
  contentType?: string;
}

export interface UpdateObjectOptions {
  /** Attempts before giving up with `PRECONDITION_FAILED` (default 50). */
  maxAttempts?: number;
  signal?: AbortSignal;
  /** Content type used when the updater does not give one. */
  contentType?: string;
}

/**
 * The read-modify-write loop every service uses: read the object (or see it is missing),
 * compute the new content, write it conditionally on the etag that was read (or on absence),
 * and start over when another writer got there first. No update is ever lost, across
 * processes and machines, as long as the backend enforces conditional writes.
 */
export function updateObject<R>(
  store: ObjectStore,
  key: string,
  update: (current: { body: Uint8Array; info: ObjectInfo } | undefined) => UpdateOutcome<R> | Promise<UpdateOutcome<R>>,
  options: UpdateObjectOptions = {},
): Promise<{ result: R; info?: ObjectInfo }> {
  // Writers of one object in this process take turns: racing each other would only make all
  // but one re-read and retry. Writers in other processes are still handled by the etag check.
  return inProcess.run(`${store.location}\u0000${key}`, () => updateLoop(store, key, update, options));
}

const inProcess = new KeyedMutex();

async function updateLoop<R>(
  store: ObjectStore,
  key: string,
  update: (current: { body: Uint8Array; info: ObjectInfo } | undefined) => UpdateOutcome<R> | Promise<UpdateOutcome<R>>,
  options: UpdateObjectOptions,
): Promise<{ result: R; info?: ObjectInfo }> {
  const maxAttempts = options.maxAttempts ?? 50;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal, store.provider);
    let current: { body: Uint8Array; info: ObjectInfo } | undefined;
    try {
      current = await store.get(key, { signal: options.signal });
    } catch (error) {
      if (!isStorageError(error, 'NOT_FOUND')) throw error;
    }
    const outcome = await update(current);
    try {
      if (outcome.delete) {
        if (current) await store.delete(key, { ifMatch: current.info.etag, signal: options.signal });
        return { result: outcome.result };
      }
      if (outcome.body === undefined) return { result: outcome.result, ...(current ? { info: current.info } : {}) };
      const put: PutOptions = {
        signal: options.signal,
        contentType: outcome.contentType ?? options.contentType ?? current?.info.contentType,
        ...(current?.info.metadata && Object.keys(current.info.metadata).length > 0 ? { metadata: current.info.metadata } : {}),
        ...(current ? { ifMatch: current.info.etag } : { ifNoneMatch: '*' as const }),
      };
      const body = outcome.body;
      const info = await store.put(key, body, put).catch(async (error: unknown) => {
        // The put may have committed even though it failed: its reply was lost and a retry
        // then met its own write (PRECONDITION_FAILED), or the retries ran out. Re-applying
        // the change now would store it twice, so first look whether what we wrote is there.
        if (!outcomeUnknown(error)) throw error;
        const landed = await ownWrite(store, key, body, options.signal);
        if (landed) return landed;
        throw error;
      });
      return { result: outcome.result, info };
    } catch (error) {
      const conflict = isStorageError(error, 'PRECONDITION_FAILED') || (outcome.delete && isStorageError(error, 'NOT_FOUND'));
      if (!conflict) throw error;
      if (attempt >= maxAttempts) {
        throw new StorageError('PRECONDITION_FAILED', `"${key}" kept changing under ${maxAttempts} attempts to update it; retry later or lower write contention.`, {
          provider: store.provider,
          key,
          cause: error,
          retryable: true,
        });
      }
      await backoff(attempt, options.signal);
    }
  }
}

/**
 * Failures after which a put may or may not have committed: a conflict met by a replay (it may
 * be our own earlier attempt), and network failures whose reply never came. A plain conflict
 * is not one: another writer may have stored the very bytes we meant to (two increments of one
 * counter), and taking that for ours would lose an update.
 */
function outcomeUnknown(error: unknown): boolean {
  return isReplayedConflict(error) || isStorageError(error, 'UNAVAILABLE') || isStorageError(error, 'TIMEOUT');
}

/**
 * The stored object's info when it holds exactly the bytes this writer put, else undefined.
 * Content is compared, not etags, because the etag of a lost reply is unknown. Only called
 * after a failure that leaves the outcome unknown, never after a plain conflict.
 */
async function ownWrite(store: ObjectStore, key: string, body: string | Uint8Array, signal: AbortSignal | undefined): Promise<ObjectInfo | undefined> {
  let stored: { body: Uint8Array; info: ObjectInfo };
  try {
    stored = await store.get(key, { signal });
  } catch {
    return undefined;
  }
  const wanted = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return sameBytes(stored.body, wanted) ? stored.info : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Short randomised pause so contending writers spread out instead of colliding again. */
function backoff(attempt: number, signal: AbortSignal | undefined): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** Math.min(attempt, 6));
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
