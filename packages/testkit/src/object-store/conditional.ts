import { isStorageError } from '@agentmap/storage-core';
import { describe, expect, it } from 'vitest';
import { expectStorageError } from '../assertions';
import type { SuiteContext } from './context';

/** Conditional writes (`ifNoneMatch: '*'`, `ifMatch`) and racing read-modify-write writers (skipped without the `conditionalWrite` capability). */
export function conditionalTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('conditional writes', () => {
    it('creates only when absent with ifNoneMatch "*"', { timeout }, async (context) => {
      if (!suite.store.capabilities.conditionalWrite) return context.skip('the backend reports no conditionalWrite capability');
      await suite.store.put(k('cond/new'), 'first', { ifNoneMatch: '*' });
      await expectStorageError(suite.store.put(k('cond/new'), 'second', { ifNoneMatch: '*' }), 'PRECONDITION_FAILED');
      expect(Buffer.from((await suite.store.get(k('cond/new'))).body).toString()).toBe('first');
    });

    it('replaces only the version that was read with ifMatch', { timeout }, async (context) => {
      if (!suite.store.capabilities.conditionalWrite) return context.skip('the backend reports no conditionalWrite capability');
      const v1 = await suite.store.put(k('cond/match'), 'v1');
      const v2 = await suite.store.put(k('cond/match'), 'v2', { ifMatch: v1.etag });
      await expectStorageError(suite.store.put(k('cond/match'), 'stale', { ifMatch: v1.etag }), 'PRECONDITION_FAILED');
      expect(Buffer.from((await suite.store.get(k('cond/match'))).body).toString()).toBe('v2');
      await suite.store.put(k('cond/match'), 'v3', { ifMatch: v2.etag });
      await expectStorageError(suite.store.put(k('cond/absent'), 'x', { ifMatch: v2.etag }), 'PRECONDITION_FAILED');
      expect(await suite.store.head(k('cond/absent'))).toBeUndefined();
    });

    it('loses no increment when writers race (read-modify-write with ifMatch)', { timeout: timeout * 2 }, async (context) => {
      if (!suite.store.capabilities.conditionalWrite) return context.skip('the backend reports no conditionalWrite capability');
      const writers = suite.options.concurrentWriters ?? 20;
      const key = k('cond/counter');
      // Each writer runs its own loop against the backend (not core's updateObject, which
      // queues writers of one process), so the backend's conditions are what keeps count.
      const increment = async () => {
        for (let attempt = 0; attempt < 1000; attempt++) {
          let current: { body: Uint8Array; info: { etag: string } } | undefined;
          try {
            current = await suite.store.get(key);
          } catch (error) {
            if (!isStorageError(error, 'NOT_FOUND')) throw error;
          }
          const n = current ? Number(Buffer.from(current.body).toString()) : 0;
          try {
            await suite.store.put(key, String(n + 1), current ? { ifMatch: current.info.etag } : { ifNoneMatch: '*' });
            return;
          } catch (error) {
            if (!isStorageError(error, 'PRECONDITION_FAILED')) throw error;
            await new Promise((r) => setTimeout(r, Math.random() * 20));
          }
        }
        throw new Error('an increment never landed');
      };
      await Promise.all(Array.from({ length: writers }, increment));
      expect(Buffer.from((await suite.store.get(key)).body).toString()).toBe(String(writers));
    });
  });
}
