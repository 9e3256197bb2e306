import { isStorageError, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '@agentmap/storage-core';
import { settledWithin, stalledStream } from '@agentmap/storage-testkit';
import { describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/index';
import { text, useGcsServer } from './server';

const KIB = 1024;

describe('stalled body streams on GCS', () => {
  const server = useGcsServer({ buckets: ['stalled'] });
  const store = () => createGcsStore({ bucket: 'stalled', apiEndpoint: server().url, resumableThreshold: 256 * KIB, chunkSize: 256 * KIB, retries: 0 });
  const openSessions = () => [...server().state.sessions.values()].filter((s) => s.state === 'open').length;

  it('an abort settles a put whose body stopped sending, with ABORTED, storing nothing and cancelling its session', async () => {
    await store().put('doc', 'intact');
    // Stalled before the first request, and inside a resumable session after two chunks.
    for (const body of [stalledStream(), stalledStream(600 * KIB)]) {
      const controller = new AbortController();
      const put = store().put('doc', body, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      const outcome = await settledWithin(put, 5_000);
      expect(isStorageError(outcome, 'ABORTED'), String(outcome)).toBe(true);
      expect(body.destroyed).toBe(true);
    }
    expect(text((await store().get('doc')).body)).toBe('intact');
    await expect.poll(openSessions, { timeout: 2_000 }).toBe(0);
  });

  it('in the documented layer stack, stalled puts time out and free their concurrency slots', async () => {
    const limited = withConcurrencyLimit(store(), { maxConcurrent: 2 });
    const layered = withMetrics(withRetry(withTimeout(limited, { timeoutMs: 300 }), { retries: 1, minDelayMs: 1 }));
    const stuck = [layered.put('a.bin', stalledStream()), layered.put('b.bin', stalledStream(600 * KIB))];
    for (const put of stuck) {
      const outcome = await settledWithin(put, 5_000);
      expect(isStorageError(outcome, 'TIMEOUT'), String(outcome)).toBe(true);
    }
    // The backend itself let go, not only the timeout layer above it.
    await expect.poll(() => limited.concurrency.inUse, { timeout: 2_000 }).toBe(0);
    await layered.put('ok.txt', 'fine');
    expect(text((await layered.get('ok.txt')).body)).toBe('fine');
    expect(await layered.head('b.bin')).toBeUndefined();
  });

  it('aborting getStream mid-read errors the stream with a StorageError ABORTED', async () => {
    await store().put('big.bin', new Uint8Array(4 * 1024 * KIB));
    const controller = new AbortController();
    const { stream } = await store().getStream('big.bin', { signal: controller.signal });
    let caught: unknown;
    try {
      for await (const _chunk of stream) controller.abort();
    } catch (error) {
      caught = error;
    }
    expect(isStorageError(caught, 'ABORTED'), String(caught)).toBe(true);
  });
});
