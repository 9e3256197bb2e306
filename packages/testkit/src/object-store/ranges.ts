import { beforeAll, describe, expect, it } from 'vitest';
import { collect, expectStorageError } from '../assertions';
import type { SuiteContext } from './context';

/** Byte ranges and streamed reads. */
export function rangeTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('ranges and streams', () => {
    const text = '0123456789abcdefghij';
    beforeAll(async () => {
      await suite.store.put(k('range.txt'), text);
    });

    it('reads a range from the middle, to the end, and truncates past the end', { timeout }, async () => {
      const str = async (range: { offset: number; length?: number }) => Buffer.from((await suite.store.get(k('range.txt'), { range })).body).toString();
      expect(await str({ offset: 5, length: 4 })).toBe('5678');
      expect(await str({ offset: 15 })).toBe('fghij');
      expect(await str({ offset: 18, length: 100 })).toBe('ij');
      expect(await str({ offset: 0, length: 1 })).toBe('0');
    });

    it('refuses an offset past the end with INVALID_ARGUMENT', { timeout }, async () => {
      await expectStorageError(suite.store.get(k('range.txt'), { range: { offset: 50 } }), 'INVALID_ARGUMENT');
      await expectStorageError(suite.store.get(k('range.txt'), { range: { offset: -1 } }), 'INVALID_ARGUMENT');
    });

    it('streams whole objects and ranges', { timeout }, async () => {
      const whole = await suite.store.getStream(k('range.txt'));
      expect(whole.info.size).toBe(text.length);
      expect(Buffer.concat(await collect(whole.stream as AsyncIterable<Buffer>)).toString()).toBe(text);
      const part = await suite.store.getStream(k('range.txt'), { range: { offset: 10, length: 3 } });
      expect(Buffer.concat(await collect(part.stream as AsyncIterable<Buffer>)).toString()).toBe('abc');
    });

    it('fails getStream of a missing key with NOT_FOUND before any byte flows', { timeout }, async () => {
      await expectStorageError(suite.store.getStream(k('nope')), 'NOT_FOUND');
    });
  });
}
