import { describe, expect, it } from 'vitest';
import { digestStream, patternDigest, patternStream } from '../streams';
import type { SuiteContext } from './context';

/** A large object streamed in and out (64 MiB by default). */
export function largeObjectTests(suite: SuiteContext): void {
  const { k, timeout } = suite;
  describe('large objects', () => {
    const size = suite.options.largeSize ?? 64 * 1024 * 1024;
    it.skipIf(suite.options.large === false)(`streams ${Math.round(size / 1048576)} MiB in and out intact`, { timeout: timeout * 4 }, async () => {
      const expected = await patternDigest(size);
      const info = await suite.store.put(k('large.bin'), patternStream(size), { contentType: 'application/octet-stream' });
      expect(info.size).toBe(size);
      const { stream, info: got } = await suite.store.getStream(k('large.bin'));
      expect(got.size).toBe(size);
      expect(await digestStream(stream)).toEqual(expected);
      const tail = await suite.store.get(k('large.bin'), { range: { offset: size - 10 } });
      expect(tail.body.byteLength).toBe(10);
      await suite.store.delete(k('large.bin'));
    });
  });
}
