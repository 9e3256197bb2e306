import { isStorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { expectStorageError } from '../assertions';
import type { SuiteContext } from './context';

/** Unsafe keys, bad bodies, aborted signals, and the error of a missing key. */
export function badInputTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('bad input', () => {
    const unsafe = ['../escape.txt', 'a/../../escape.txt', '/absolute.txt', 'nul\u0000byte', '', 'a//b', './a', 'a\\..\\b', 'C:/windows'];

    it.each(unsafe)('refuses the unsafe key %j with INVALID_ARGUMENT and touches nothing', async (key) => {
      await expectStorageError(suite.store.put(key, 'x'), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.get(key), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.head(key), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.delete(key), 'INVALID_ARGUMENT');
    });

    it('refuses bodies that are not bytes, text or streams', { timeout }, async () => {
      await expectStorageError(suite.store.put(k('bad-body'), 42 as never), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.put(k('bad-body'), { a: 1 } as never), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.put(k('bad-body'), null as never), 'INVALID_ARGUMENT');
      expect(await suite.store.head(k('bad-body'))).toBeUndefined();
    });

    it('refuses a malformed ifMatch or ifNoneMatch with INVALID_ARGUMENT and writes nothing', { timeout }, async () => {
      await expectStorageError(suite.store.put(k('bad-cond'), 'x', { ifMatch: 42 as never }), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.put(k('bad-cond'), 'x', { ifMatch: '' }), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.put(k('bad-cond'), 'x', { ifNoneMatch: 'etag' as never }), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.delete(k('bad-cond'), { ifMatch: {} as never }), 'INVALID_ARGUMENT');
      expect(await suite.store.head(k('bad-cond'))).toBeUndefined();
    });

    it('refuses non-string keys', { timeout }, async () => {
      await expectStorageError(suite.store.get(42 as never), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.put(undefined as never, 'x'), 'INVALID_ARGUMENT');
    });

    it('honours an aborted signal with ABORTED', { timeout }, async () => {
      const controller = new AbortController();
      controller.abort();
      await expectStorageError(suite.store.get(k('aborted-read.txt'), { signal: controller.signal }), 'ABORTED');
      await expectStorageError(suite.store.put(k('aborted'), 'x', { signal: controller.signal }), 'ABORTED');
      expect(await suite.store.head(k('aborted'))).toBeUndefined();
    });

    it('fails get of a missing key with NOT_FOUND naming the key', { timeout }, async () => {
      try {
        await suite.store.get(k('missing/thing.txt'));
        expect.unreachable();
      } catch (error) {
        expect(isStorageError(error, 'NOT_FOUND')).toBe(true);
        expect((error as Error).message).toContain('thing.txt');
      }
    });
  });
}
