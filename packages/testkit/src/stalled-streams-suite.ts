import { type ObjectStore, isStorageError, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { settledWithin, stalledStream } from './streams';

/** Options of {@link describeStalledStreams}. */
export interface StalledStreamsOptions {
  /**
   * Bytes a second stalled body sends before it stops, chosen past the store's multipart,
   * block or resumable threshold, so the stall happens mid-upload (after parts were sent).
   * Omitted: only a body that stalls before the first request is tried.
   */
  midUploadBytes?: number;
  /** Per-call timeout of the layer-stack test, in ms. Default 300. */
  timeoutMs?: number;
  /** Size of the object whose read is aborted mid-stream. Default 4 MiB. */
  readSize?: number;
  /**
   * Backend-specific checks after the aborted puts of `key`: no temp file, no open upload
   * session, nothing committed.
   */
  afterAbortedPuts?: (store: ObjectStore, key: string) => Promise<void> | void;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/**
 * Proves that a put whose body stops sending settles through its AbortSignal (`ABORTED`) and,
 * in the documented layer stack (retry, timeout, concurrency limit, metrics), through the
 * timeout (`TIMEOUT`) with its concurrency slot freed; that nothing of such a put is stored;
 * and that aborting `getStream` mid-read errors the stream with a `StorageError` `ABORTED`.
 * `makeStore` runs once per test; the store is closed after it.
 */
export function describeStalledStreams(name: string, makeStore: () => ObjectStore | Promise<ObjectStore>, options: StalledStreamsOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 300;
  const stalledBodies = () => [stalledStream(), ...(options.midUploadBytes ? [stalledStream(options.midUploadBytes)] : [])];
  const withStore = async (body: (store: ObjectStore) => Promise<void>) => {
    const store = await makeStore();
    try {
      await body(store);
    } finally {
      await store.close?.();
    }
  };

  describe(`stalled body streams on ${name}`, () => {
    it('an abort settles a put whose body stopped sending, with ABORTED, leaving the stored object as it was', () =>
      withStore(async (store) => {
        const key = 'stalled/doc.bin';
        await store.put(key, 'intact');
        for (const body of stalledBodies()) {
          const controller = new AbortController();
          const put = store.put(key, body, { signal: controller.signal });
          setTimeout(() => controller.abort(), 100);
          const outcome = await settledWithin(put, 5_000);
          expect(isStorageError(outcome, 'ABORTED'), String(outcome)).toBe(true);
          expect(body.destroyed, 'the caller\'s body stream is destroyed').toBe(true);
        }
        expect(text((await store.get(key)).body)).toBe('intact');
        await options.afterAbortedPuts?.(store, key);
      }));

    it('in the documented layer stack, stalled puts time out and free their concurrency slots', () =>
      withStore(async (inner) => {
        const limited = withConcurrencyLimit(inner, { maxConcurrent: 2 });
        const store = withMetrics(withRetry(withTimeout(limited, { timeoutMs }), { retries: 1, minDelayMs: 1 }));
        const [first, second] = stalledBodies();
        const stuck = [store.put('stack/a.bin', first!), store.put('stack/b.bin', second ?? stalledStream())];
        for (const put of stuck) {
          const outcome = await settledWithin(put, 5_000);
          expect(isStorageError(outcome, 'TIMEOUT'), String(outcome)).toBe(true);
        }
        // The backend itself let go, not only the timeout layer above it.
        await expect.poll(() => limited.concurrency.inUse, { timeout: 2_000 }).toBe(0);
        await store.put('stack/ok.txt', 'fine');
        expect(text((await store.get('stack/ok.txt')).body)).toBe('fine');
        expect(await store.head('stack/a.bin')).toBeUndefined();
        expect(await store.head('stack/b.bin')).toBeUndefined();
      }));

    it('aborting getStream mid-read errors the stream with a StorageError ABORTED', () =>
      withStore(async (store) => {
        await store.put('read/big.bin', new Uint8Array(options.readSize ?? 4 * 1024 * 1024));
        const controller = new AbortController();
        const { stream } = await store.getStream('read/big.bin', { signal: controller.signal });
        let caught: unknown;
        try {
          for await (const _chunk of stream) controller.abort();
        } catch (error) {
          caught = error;
        }
        expect(isStorageError(caught, 'ABORTED'), String(caught)).toBe(true);
      }));
  });
}
