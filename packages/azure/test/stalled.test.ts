import { isStorageError, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '@agentmap/storage-core';
import { settledWithin, stalledStream } from '@agentmap/storage-testkit';
import type { RunningAzurite } from '@agentmap/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azuriteForTests, azuriteStore, containerName } from './support/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await azuriteForTests();
});
afterAll(() => azurite?.stop());

const KiB = 1024;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

describe('stalled body streams on Azure', () => {
  it('an abort settles a put whose body stopped sending, with ABORTED, committing nothing', async () => {
    const store = azuriteStore(azurite, { container: containerName('stalled'), multipartThreshold: 256 * KiB, blockSize: 64 * KiB });
    await store.put('doc', 'intact');
    // Stalled before the first request, and after blocks were staged.
    for (const body of [stalledStream(), stalledStream(600 * KiB)]) {
      const controller = new AbortController();
      const put = store.put('doc', body, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      const outcome = await settledWithin(put, 5_000);
      expect(isStorageError(outcome, 'ABORTED'), String(outcome)).toBe(true);
      expect(body.destroyed).toBe(true);
    }
    expect(text((await store.get('doc')).body)).toBe('intact');
    // Azure keeps uncommitted blocks until a commit or for a week; nothing was committed.
    const blocks = await store.containerClient.getBlockBlobClient('doc').getBlockList('committed');
    expect(blocks.committedBlocks ?? []).toEqual([]);
    await store.close();
  });

  it('in the documented layer stack, stalled puts time out and free their concurrency slots', async () => {
    const limited = withConcurrencyLimit(azuriteStore(azurite, { container: containerName('stack') }), { maxConcurrent: 2 });
    const store = withMetrics(withRetry(withTimeout(limited, { timeoutMs: 300 }), { retries: 1, minDelayMs: 1 }));
    const stuck = [store.put('a.bin', stalledStream()), store.put('b.bin', stalledStream())];
    for (const put of stuck) {
      const outcome = await settledWithin(put, 5_000);
      expect(isStorageError(outcome, 'TIMEOUT'), String(outcome)).toBe(true);
    }
    // The backend itself let go, not only the timeout layer above it.
    await expect.poll(() => limited.concurrency.inUse, { timeout: 2_000 }).toBe(0);
    await store.put('ok.txt', 'fine');
    expect(text((await store.get('ok.txt')).body)).toBe('fine');
    expect(await store.head('a.bin')).toBeUndefined();
    await store.close?.();
  });

  it('aborting getStream mid-read errors the stream with a StorageError ABORTED', async () => {
    const store = azuriteStore(azurite, { container: containerName('read-abort') });
    await store.put('big.bin', new Uint8Array(4 * 1024 * KiB));
    const controller = new AbortController();
    const { stream } = await store.getStream('big.bin', { signal: controller.signal });
    let caught: unknown;
    try {
      for await (const _chunk of stream) controller.abort();
    } catch (error) {
      caught = error;
    }
    expect(isStorageError(caught, 'ABORTED'), String(caught)).toBe(true);
    await store.close();
  });
});
