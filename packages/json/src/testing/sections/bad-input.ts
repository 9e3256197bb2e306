import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

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
