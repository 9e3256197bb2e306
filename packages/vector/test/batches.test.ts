import { StorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { chunk, jsonBytesBound, writeInBatches } from '../src/index';
import { errorOf } from './helpers';

describe('writeInBatches', () => {
  const records = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}` }));

  it('splits to the limit and keeps at most `concurrency` batches in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: string[][] = [];
    await writeInBatches(records, { maxBatch: 3, concurrency: 2, provider: 'test' }, async (batch) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(batch.map((r) => r.id));
      inFlight--;
    });
    expect(seen.map((b) => b.length).sort()).toEqual([1, 3, 3, 3]);
    expect(peak).toBeLessThanOrEqual(2);
    expect(chunk([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
  });

  it('reports which ids failed and which were written when a batch fails', async () => {
    const error = await errorOf(
      writeInBatches(records, { maxBatch: 4, concurrency: 1, provider: 'test' }, (batch) =>
        batch[0]!.id === 'r4' ? Promise.reject(new StorageError('UNAVAILABLE', 'database busy')) : Promise.resolve(),
      ),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.details).toEqual({ failedIds: ['r4', 'r5', 'r6', 'r7'], writtenIds: ['r0', 'r1', 'r2', 'r3', 'r8', 'r9'] });
  });
});

describe('jsonBytesBound', () => {
  it('is never below the printed size', () => {
    const values: unknown[] = ['', 'plain', '"\\\u0000\u001f', 'ünï 🚀 €', 0, -1.2345678901234567e-300, true, null, [], ['a', 1, false], { a: 1, 'ké\u0001y': ['x', { b: null }], nested: { deep: '€€' } }];
    for (const value of values) expect(jsonBytesBound(value)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(value)));
  });
});
