import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a cache level looks like to the suite: the keyv surface (a `Keyv` instance fits).
 * TTLs are milliseconds.
 */
export interface CacheLevelLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number): Promise<boolean | undefined | void>;
  delete(key: string): Promise<boolean>;
  clear(): Promise<void>;
  has?(key: string): Promise<boolean>;
  getMany?(keys: string[]): Promise<unknown[]>;
  setMany?(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<unknown>;
  disconnect?(): Promise<void>;
}

/** Options of {@link describeCacheLevel}. */
export interface CacheLevelSuiteOptions {
  /** A fresh, empty level (called once per suite; entries are namespaced per test). */
  create: () => Promise<CacheLevelLike> | CacheLevelLike;
  /** Called after the suite, e.g. to stop a server. */
  cleanup?: () => Promise<void>;
  /** Whether the level expires entries (default true). */
  ttl?: boolean;
  /** Whether the level stores Buffers and reads them back as bytes (default true). */
  bytes?: boolean;
  /** The LRU bound of the level, to check eviction order (skipped when undefined). */
  maxEntries?: number;
}

/**
 * The conformance suite for cache levels and keyv adapters: round trips of every value kind,
 * overwrite, delete, clear, TTL expiry, batch calls, LRU order. A capability the level lacks
 * is a skipped test, never a passing one.
 */
export function describeCacheLevel(name: string, options: CacheLevelSuiteOptions): void {
  describe(`cache level: ${name}`, () => {
    let level: CacheLevelLike;
    let n = 0;
    const key = (label: string) => `suite:${Date.now().toString(36)}:${n++}:${label}`;
    beforeAll(async () => {
      level = await options.create();
    });
    afterAll(async () => {
      await level?.disconnect?.();
      await options.cleanup?.();
    });

    it('reads back what it stored, for JSON values of every kind', async () => {
      const values: unknown[] = ['text', '', 0, -1.5, true, false, null, [1, 'two', [3]], { a: 1, nested: { b: ['c'] } }, 'ünïcødé ✓ 🚀'];
      for (const value of values) {
        const k = key('json');
        await level.set(k, value);
        expect(await level.get(k)).toEqual(value);
      }
    });

    it.skipIf(options.bytes === false)('stores bytes', async () => {
      const k = key('bytes');
      const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
      await level.set(k, bytes);
      const back = (await level.get(k)) as Uint8Array;
      expect(Buffer.from(back).equals(bytes)).toBe(true);
    });

    it('misses a key it never stored', async () => {
      expect(await level.get(key('never'))).toBeUndefined();
    });

    it('overwrites', async () => {
      const k = key('over');
      await level.set(k, 'first');
      await level.set(k, 'second');
      expect(await level.get(k)).toBe('second');
    });

    it('deletes, and says whether something was there', async () => {
      const k = key('del');
      await level.set(k, 'x');
      expect(await level.delete(k)).toBe(true);
      expect(await level.get(k)).toBeUndefined();
      expect(await level.delete(k)).toBe(false);
    });

    it('keeps keys apart, including keys with separators and unicode', async () => {
      const keys = [key('a:b'), key('a/b'), key('a b'), key('ä'), key('a\\b')];
      await Promise.all(keys.map((k, i) => level.set(k, i)));
      for (const [i, k] of keys.entries()) expect(await level.get(k)).toBe(i);
    });

    it.skipIf(options.ttl === false)('expires an entry after its TTL', async () => {
      const k = key('ttl');
      const keep = key('keep');
      await level.set(k, 'short', 200);
      await level.set(keep, 'long', 60_000);
      expect(await level.get(k)).toBe('short');
      await new Promise((r) => setTimeout(r, 1200));
      expect(await level.get(k)).toBeUndefined();
      expect(await level.get(keep)).toBe('long');
    });

    it('reads and writes batches', async () => {
      const keys = [key('m1'), key('m2'), key('m3')];
      if (level.setMany) await level.setMany(keys.slice(0, 2).map((k, i) => ({ key: k, value: { i } })));
      else await Promise.all(keys.slice(0, 2).map((k, i) => level.set(k, { i })));
      const got = level.getMany ? await level.getMany(keys) : await Promise.all(keys.map((k) => level.get(k)));
      expect(got).toEqual([{ i: 0 }, { i: 1 }, undefined]);
    });

    it.skipIf(options.maxEntries === undefined)('evicts the least recently used entry first', async () => {
      const max = options.maxEntries!;
      await level.clear();
      const keys = Array.from({ length: max }, (_, i) => key(`lru${i}`));
      for (const k of keys) await level.set(k, k);
      await level.get(keys[0]!); // now the most recent
      await level.set(key('lru-new'), 'new');
      expect(await level.get(keys[0]!)).toBe(keys[0]);
      expect(await level.get(keys[1]!)).toBeUndefined();
    });

    it('clears everything', async () => {
      const k = key('clear');
      await level.set(k, 1);
      await level.clear();
      expect(await level.get(k)).toBeUndefined();
    });
  });
}
