import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context';

/** Content type and user metadata (skipped when the backend reports no `metadata` capability). */
export function metadataTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('metadata', () => {
    it('stores content type and user metadata (keys lower-cased)', { timeout }, async (context) => {
      if (!suite.store.capabilities.metadata) return context.skip('the backend reports no metadata capability');
      await suite.store.put(k('meta.json'), '{}', { contentType: 'application/json', metadata: { Owner: 'alice', purpose: 'test run' } });
      const info = await suite.store.head(k('meta.json'));
      expect(info?.contentType).toMatch(/^application\/json/);
      expect(info?.metadata).toMatchObject({ owner: 'alice', purpose: 'test run' });
      const got = await suite.store.get(k('meta.json'));
      expect(got.info.metadata).toMatchObject({ owner: 'alice' });
    });

    it('replaces metadata on overwrite', { timeout }, async (context) => {
      if (!suite.store.capabilities.metadata) return context.skip('the backend reports no metadata capability');
      await suite.store.put(k('meta2'), 'x', { metadata: { a: '1' } });
      await suite.store.put(k('meta2'), 'y', { metadata: { b: '2' } });
      const info = await suite.store.head(k('meta2'));
      expect(info?.metadata?.a).toBeUndefined();
      expect(info?.metadata?.b).toBe('2');
    });
  });
}
