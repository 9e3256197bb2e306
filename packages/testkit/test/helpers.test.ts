import { StorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { collect, digestStream, expectStorageError, patternDigest, patternStream } from '../src/index';

describe('testkit helpers', () => {
  it('generates the same pattern stream every time, in bounded chunks', async () => {
    const a = await patternDigest(3 * 1048576 + 7);
    const b = await digestStream(patternStream(3 * 1048576 + 7, 4096));
    expect(a).toEqual(b);
    expect(a.size).toBe(3 * 1048576 + 7);
  });

  it('expectStorageError passes on the right code and fails on another or on success', async () => {
    await expectStorageError(Promise.reject(new StorageError('NOT_FOUND', 'x')), 'NOT_FOUND');
    await expect(expectStorageError(Promise.reject(new StorageError('TIMEOUT', 'x')), 'NOT_FOUND')).rejects.toThrow();
    await expect(expectStorageError(Promise.resolve(1), 'NOT_FOUND')).rejects.toThrow();
    await expect(expectStorageError(Promise.reject(new Error('plain')), 'NOT_FOUND')).rejects.toThrow(/StorageError/);
  });

  it('collects async iterables', async () => {
    async function* three() {
      yield 1;
      yield 2;
      yield 3;
    }
    expect(await collect(three())).toEqual([1, 2, 3]);
  });
});
