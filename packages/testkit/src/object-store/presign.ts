import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context';

/** Presigned URLs (skipped without the `presign` capability). */
export function presignTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('presign', () => {
    it('returns a URL that grants the read', { timeout }, async (context) => {
      if (!suite.store.capabilities.presign) return context.skip('the backend reports no presign capability');
      await suite.store.put(k('signed.txt'), 'signed');
      const url = await suite.store.presign!(k('signed.txt'), { method: 'GET', expiresIn: 60 });
      expect(() => new URL(url)).not.toThrow();
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('signed');
    });
  });
}
