import { StorageError, createMemoryStore } from '@agentmap/storage-core';
import { createJsonStorage } from '@agentmap/storage-json';
import { describe, expect, it } from 'vitest';
import { batchSettingsFromConfig, batchWrite, runBatch, runBatches } from '../src/index';

async function* numbers(n: number, pulled: { count: number }) {
  for (let i = 0; i < n; i++) {
    pulled.count++;
    yield i;
  }
}

describe('runBatches', () => {
  it('reports every item, failures included, with bounded batches in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const summary = await runBatch(Array.from({ length: 250 }, (_, i) => i), {
      batchSize: 10,
      parallelBatches: 3,
      processBatch: async (items) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        if (items.includes(42)) throw new StorageError('UNAVAILABLE', 'down');
        return items.map((i) => i * 2);
      },
      keepValues: true,
    });
    expect(summary.total).toBe(250);
    expect(summary.failed).toBe(10);
    expect(summary.failures.map((f) => f.item)).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    expect(summary.failures[0]!.error.code).toBe('UNAVAILABLE');
    expect(summary.values?.get(7)).toBe(14);
    expect(peak).toBeLessThanOrEqual(3);
  });

  it('pulls input only as batches start (bounded memory for any input size)', async () => {
    const pulled = { count: 0 };
    const seen: number[] = [];
    for await (const result of runBatches(numbers(1_000_000, pulled), { batchSize: 5, parallelBatches: 2, processItem: async (i) => i })) {
      seen.push(result.index);
      if (seen.length === 20) break;
    }
    expect(pulled.count).toBeLessThan(60);
  });

  it('times out a hanging batch and fails only its unfinished items with TIMEOUT', async () => {
    const summary = await runBatch([1, 2, 3, 4], {
      batchSize: 2,
      timeoutPerBatchMs: 100,
      processItem: (i) => (i === 3 ? new Promise<never>(() => undefined) : Promise.resolve(i)),
    });
    expect(summary.succeeded).toBe(2);
    expect(summary.failures.map((f) => [f.item, f.error.code])).toEqual([
      [3, 'TIMEOUT'],
      [4, 'TIMEOUT'],
    ]);
  });

  it('turns foreign errors into INTERNAL StorageErrors without copying their message', async () => {
    const summary = await runBatch(['a'], { processItem: () => Promise.reject(new Error('token=hunter2')) });
    expect(summary.failures[0]!.error.code).toBe('INTERNAL');
    expect(summary.failures[0]!.error.message).not.toContain('hunter2');
  });

  it('refuses bad settings and handlers', async () => {
    await expect(runBatch([1], { batchSize: 0, processItem: async (i) => i })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(runBatch([1], {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(runBatch(42 as unknown as number[], { processItem: async (i) => i })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('stops on abort and says so', async () => {
    const controller = new AbortController();
    const run = runBatch(numbers(10_000, { count: 0 }), {
      batchSize: 10,
      processItem: async (i) => {
        if (i === 30) controller.abort();
        return i;
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('batch settings from config', () => {
  it('reads the guide section with per-provider tuning', () => {
    const section = { default_batch_size: 100, max_batch_size: 1000, parallel_batches: 4, timeout_per_batch: 300, providers: { aws: { batch_size: 50 } } };
    expect(batchSettingsFromConfig({ batch_processing: section })).toEqual({ batchSize: 100, maxBatchSize: 1000, parallelBatches: 4, timeoutPerBatchMs: 300_000 });
    expect(batchSettingsFromConfig(section, 's3').batchSize).toBe(50);
    expect(() => batchSettingsFromConfig({ parallel_batches: 'four' })).toThrow(/storage\.batch_processing\.parallel_batches/);
  });
});

describe('batchWrite', () => {
  it('keeps every item (unlike the original) and reports the ones without ids', async () => {
    const json = createJsonStorage({ store: createMemoryStore() });
    const users = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { n: 3 }, { id: 'd', n: 4 }];
    const result = await batchWrite(json, 'users', users, { batchSize: 2 });
    expect(result).toMatchObject({ success: false, total: 4, rowsWritten: 3, failed: 1 });
    expect(result.errors).toEqual([expect.objectContaining({ index: 2, code: 'INVALID_ARGUMENT' })]);
    expect(await json.read('users', 'a')).toMatchObject({ n: 1 });
    expect(await json.read('users', 'd')).toMatchObject({ n: 4 });
  });
});
