import { createFileStorage } from '../../service/file-storage';
import { isStorageError, withConcurrencyLimit, withMetrics, withRetry, withTimeout } from '@agentmap/storage-core';
import { settledWithin, stalledStream } from '@agentmap/storage-testkit';
import { expect, it } from 'vitest';
import type { GetContext } from '../context';

/** How long a call that must settle may take before the test calls it hung. */
const SETTLE_MS = 10_000;

/**
 * Writes whose body stream stops sending, and reads aborted half way: every call settles
 * through its AbortSignal or a timeout, keeps nothing, and frees what it held.
 */
export function stalledSection(get: GetContext, timeout: number): void {
  it('settles a write whose stream stopped sending when its AbortSignal fires (ABORTED), storing nothing', { timeout }, async () => {
    const { files, keys } = get();
    for (const mode of ['write', 'append'] as const) {
      const controller = new AbortController();
      const write = files.write('docs', stalledStream(), `stalled-${mode}.bin`, { mode, signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const outcome = await settledWithin(write, SETTLE_MS);
      expect(isStorageError(outcome, 'ABORTED'), `${mode}: ${String(outcome)}`).toBe(true);
    }
    expect(await keys()).toEqual([]);
  });

  it('in the layer stack (retry, timeout, concurrency limit, metrics), stalled writes time out and free their slots', { timeout }, async () => {
    const { store, prefix, keys } = get();
    const stack = withMetrics(withRetry(withTimeout(withConcurrencyLimit(store, { maxConcurrent: 2 }), { timeoutMs: 1_000 }), { retries: 1, minDelayMs: 1 }));
    const files = createFileStorage({ store: stack, prefix });
    const stuck = [files.write('docs', stalledStream(), 'a.bin'), files.write('docs', stalledStream(), 'b.bin')];
    for (const write of stuck) {
      const outcome = await settledWithin(write, SETTLE_MS);
      expect(isStorageError(outcome, 'TIMEOUT'), String(outcome)).toBe(true);
    }
    // Both slots are free again: later calls go through.
    await files.write('docs', 'fine', 'ok.txt');
    expect(await files.read('docs', 'ok.txt')).toBe('fine');
    expect(await keys()).toEqual(['docs/ok.txt']);
  });

  it('errors a stream being read with a StorageError ABORTED when its AbortSignal fires', { timeout }, async () => {
    const { files } = get();
    await files.write('docs', new Uint8Array(4 * 1024 * 1024), 'big.bin');
    const controller = new AbortController();
    const opened = await files.readStream('docs', 'big.bin', { signal: controller.signal });
    let caught: unknown;
    try {
      for await (const _chunk of opened!.stream) controller.abort();
    } catch (error) {
      caught = error;
    }
    expect(isStorageError(caught, 'ABORTED'), String(caught)).toBe(true);
  });
}
