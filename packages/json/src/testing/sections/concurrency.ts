import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

/** Concurrent read-modify-writes through separate service instances lose nothing. */
export function concurrencySection(ctx: SuiteContext, writers: number): void {
  describe('concurrency', () => {
    it(`${writers} concurrent updates of distinct documents keep every one`, async () => {
      const counters = ctx.name('counters');
      await ctx.seed(counters, { seed: { n: 0 } });
      // Separate instances: each has its own cache, as separate processes would.
      const results = await Promise.all(
        Array.from({ length: writers }, (_, i) => ctx.create().write(counters, { n: i }, `doc-${i}`, { mode: i % 2 ? 'write' : 'append', path: 'value' })),
      );
      expect(results.every((r) => r.success)).toBe(true);
      expect(await ctx.json.count(counters)).toBe(writers + 1);
    });

    it(`${writers} concurrent appends to one array keep every item`, async () => {
      const feed = ctx.name('feed');
      await ctx.json.write(feed, { items: [] }, 'f');
      await Promise.all(Array.from({ length: writers }, (_, i) => ctx.create().write(feed, { i }, 'f', { mode: 'append', path: 'items' })));
      const items = (await ctx.json.read<Array<{ i: number }>>(feed, 'f', { path: 'items' }))!;
      expect(items.map((x) => x.i).sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, i) => i));
    });
  });
}
