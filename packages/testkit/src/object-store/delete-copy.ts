import { describe, expect, it } from 'vitest';
import { expectStorageError } from '../assertions';
import type { SuiteContext } from './context';

/** Delete (plain and conditional) and copy. */
export function deleteCopyTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('delete and copy', () => {
    it('deletes, and deleting a missing key is not an error', { timeout }, async () => {
      await suite.store.put(k('del.txt'), 'bye');
      await suite.store.delete(k('del.txt'));
      expect(await suite.store.head(k('del.txt'))).toBeUndefined();
      await expectStorageError(suite.store.get(k('del.txt')), 'NOT_FOUND');
      await suite.store.delete(k('del.txt'));
      // Not an error either when no folder or prefix on the way exists.
      await suite.store.delete(k('no/such/folder/del.txt'));
    });

    it('deletes conditionally on the etag', { timeout }, async (context) => {
      if (!suite.store.capabilities.conditionalWrite) return context.skip('the backend reports no conditionalWrite capability');
      const info = await suite.store.put(k('cdel.txt'), 'keep me');
      await suite.store.put(k('cdel.txt'), 'changed');
      await expectStorageError(suite.store.delete(k('cdel.txt'), { ifMatch: info.etag }), 'PRECONDITION_FAILED');
      expect(Buffer.from((await suite.store.get(k('cdel.txt'))).body).toString()).toBe('changed');
      const current = (await suite.store.head(k('cdel.txt')))!;
      await suite.store.delete(k('cdel.txt'), { ifMatch: current.etag });
      expect(await suite.store.head(k('cdel.txt'))).toBeUndefined();
      await expectStorageError(suite.store.delete(k('cdel.txt'), { ifMatch: current.etag }), 'NOT_FOUND');
    });

    it('copies content and metadata; a missing source is NOT_FOUND', { timeout }, async () => {
      await suite.store.put(k('copy/src.json'), '{"a":1}', { contentType: 'application/json', metadata: { tag: 'x' } });
      const info = await suite.store.copy(k('copy/src.json'), k('copy/dst.json'));
      expect(info.size).toBe(7);
      expect(Buffer.from((await suite.store.get(k('copy/dst.json'))).body).toString()).toBe('{"a":1}');
      if (suite.store.capabilities.metadata) {
        const head = await suite.store.head(k('copy/dst.json'));
        expect(head?.contentType).toMatch(/^application\/json/);
        expect(head?.metadata?.tag).toBe('x');
      }
      expect(Buffer.from((await suite.store.get(k('copy/src.json'))).body).toString()).toBe('{"a":1}');
      await expectStorageError(suite.store.copy(k('copy/missing'), k('copy/dst2')), 'NOT_FOUND');
    });
  });
}
