import { StorageError } from '../errors/storage-error';
import type { ObjectStore } from '../spec/object-store';
import { FifoSemaphore } from './semaphore';
import { wrapStore } from './wrap-store';

/** Options of {@link withConcurrencyLimit}. */
export interface ConcurrencyLimitOptions {
  /** Calls allowed to run at once; the rest wait in arrival order. */
  maxConcurrent: number;
}

/** The state of a concurrency limit, read live (for queue-depth metrics). */
export interface ConcurrencyState {
  readonly capacity: number;
  /** Calls holding a slot now. */
  readonly inUse: number;
  /** Calls waiting for a slot. */
  readonly waiting: number;
}

/** A store behind a concurrency limit; `concurrency` shows its slots and queue. */
export type LimitedStore = ObjectStore & { readonly concurrency: ConcurrencyState };

/**
 * Bounds how many calls run against `store` at once; the rest wait their turn, first come
 * first served. A listing holds a slot only while it fetches a page, not while the consumer
 * works through the entries, and `getStream` holds one until the stream is open (reading it
 * does not). A caller's AbortSignal takes a waiting call out of the queue with `ABORTED`.
 */
export function withConcurrencyLimit(store: ObjectStore, options: ConcurrencyLimitOptions): LimitedStore {
  const max = options?.maxConcurrent;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    throw new StorageError('INVALID_ARGUMENT', `withConcurrencyLimit needs { maxConcurrent } as a whole number of 1 or more; got ${JSON.stringify(max)}.`, {
      provider: store.provider,
    });
  }
  const semaphore = new FifoSemaphore(max);
  const limited = wrapStore(store, async (call, invoke) => {
    const release = await semaphore.acquire(call.signal, store.provider);
    try {
      return await invoke(call.signal);
    } finally {
      release();
    }
  });
  const state: ConcurrencyState = {
    capacity: max,
    get inUse() {
      return semaphore.inUse;
    },
    get waiting() {
      return semaphore.waiting;
    },
  };
  return Object.assign(limited, { concurrency: state });
}
