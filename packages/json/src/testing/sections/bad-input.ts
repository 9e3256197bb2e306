import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../index';
import type { SuiteContext } from '../context';

/** A document `levels` objects deep: `{ a: { a: … 1 } }`. */
function nested(levels: number): unknown {
  let node: unknown = 1;
  for (let level = 0; level < levels; level++) node = { a: node };
  return node;
}

/** Invalid input throws INVALID_ARGUMENT and leaves every stored byte as it was. */
export function badInputSection(ctx: SuiteContext): void {
  describe('bad input', () => {
    const cyclic = (): unknown => {
      const node: Record<string, unknown> = { name: 'loop' };
      node.self = { parent: node };
      return node;
    };
    const cases: Array<[string, () => unknown, RegExp]> = [
      ['a function', () => ({ run: () => 1 }), /data\.run is a function/],
      ['a BigInt', () => ({ n: 10n }), /data\.n is a BigInt/],
      ['a cycle', cyclic, /cycle/],
      ['NaN', () => ({ score: Number.NaN }), /NaN/],
      ['a Map', () => ({ index: new Map([[1, 2]]) }), /Map/],
      ['a symbol in a list', () => ({ list: [1, Symbol('s')] }), /data\.list\[1\] is a symbol/],
      ['undefined', () => undefined, /undefined/],
      ['an invalid Date', () => ({ at: new Date('x') }), /data\.at is an invalid Date/],
      [`nesting deeper than ${MAX_JSON_DEPTH} levels`, () => ({ deep: nested(5000) }), new RegExp(`deeper than ${MAX_JSON_DEPTH} levels`)],
    ];
    for (const [what, make, message] of cases) {
      it(`refuses ${what} and writes nothing`, async () => {
        const docs = ctx.name('docs');
        await ctx.json.write(docs, { keep: 'me' }, 'd1');
        const before = await ctx.snapshot(docs);
        for (const attempt of [
          () => ctx.json.write(docs, make(), 'd1'),
          () => ctx.json.write(docs, make(), 'd1', { mode: 'update' }),
          () => ctx.json.write(docs, make(), 'd2', { mode: 'append' }),
          () => ctx.json.write(docs, make()),
        ]) {
          await expect(attempt()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
        }
        expect(await ctx.snapshot(docs)).toEqual(before);
      });
    }

    it(`stores and reads back a document nested exactly ${MAX_JSON_DEPTH} levels deep`, async () => {
      const docs = ctx.name('deep');
      const document = nested(MAX_JSON_DEPTH);
      await ctx.json.write(docs, document, 'd1');
      expect(await ctx.json.read(docs, 'd1')).toEqual(document);
      await expect(ctx.json.write(docs, { a: document }, 'd1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    // Only a single-file collection can hold one value instead of documents.
    it.runIf(ctx.layout === 'single-file')('an update without an id on a collection holding a single value is refused, as a write with an id and an append are', async () => {
      for (const value of [42, 'str', true]) {
        const single = ctx.name('single');
        await ctx.json.write(single, value);
        const before = await ctx.snapshot(single);
        for (const attempt of [
          () => ctx.json.write(single, { a: 1 }, undefined, { mode: 'update' }),
          () => ctx.json.write(single, 7, undefined, { mode: 'update' }),
          () => ctx.json.write(single, { a: 1 }, 'd1'),
          () => ctx.json.write(single, { a: 1 }, undefined, { mode: 'append' }),
        ]) {
          await expect(attempt()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/holds a single|append/) });
        }
        expect(await ctx.snapshot(single)).toEqual(before);
        expect(await ctx.json.read(single)).toEqual(value);
      }
    });

    it('refuses unsafe or invalid collection names before any I/O', async () => {
      const before = await ctx.snapshot();
      for (const name of ['', '   ', '../escape', 'a/../../b', '/etc/passwd', 'C:\\x', 'nul\u0000byte', 'a//b']) {
        await expect(ctx.json.write(name, { a: 1 }, 'd1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(ctx.json.read(name, 'd1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      await expect(ctx.json.read('s3://bucket/users.json')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await ctx.snapshot()).toEqual(before);
    });

    it('refuses invalid ids and modes', async () => {
      const docs = ctx.name('docs');
      await ctx.json.write(docs, { a: 1 }, 'd1');
      const before = await ctx.snapshot(docs);
      for (const id of ['', 'nul\u0000', Number.NaN, Number.POSITIVE_INFINITY, { id: 1 }, null, true]) {
        await expect(ctx.json.write(docs, { a: 2 }, id as string)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      }
      await expect(ctx.json.read(docs, '')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.delete(docs, '')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.write(docs, { a: 2 }, 'd1', { mode: 'merge' as 'update' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/write.*update.*append/),
      });
      expect(await ctx.snapshot(docs)).toEqual(before);
    });
  });
}
