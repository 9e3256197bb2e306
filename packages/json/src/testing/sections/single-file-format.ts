import { createJsonStorage } from '../../index';
import { describe, expect, it } from 'vitest';
import { type SuiteContext, countingStore } from '../context';

/** The file format AgentMap reads and writes, list-shaped collections, corrupt files. */
export function singleFileFormatSection(ctx: SuiteContext): void {
  describe('single-file format', () => {
    it('writes plain JSON keyed by id with 2-space indent, as Python json.dump(indent=2)', async () => {
      const users = ctx.name('users');
      await ctx.json.write(users, { name: 'John', age: 30, tags: ['a'], nested: {} }, 'user123');
      await ctx.json.write(users, { name: 'Jane' }, 'user456');
      expect(await ctx.text(ctx.key(users))).toBe(
        '{\n  "user123": {\n    "name": "John",\n    "age": 30,\n    "tags": [\n      "a"\n    ],\n    "nested": {}\n  },\n  "user456": {\n    "name": "Jane"\n  }\n}',
      );
      const compact = ctx.create({ indent: 0 });
      await compact.write(users, { n: 1 }, 'user789', { mode: 'write' });
      expect(await ctx.text(ctx.key(users))).toBe('{"user123":{"name":"John","age":30,"tags":["a"],"nested":{}},"user456":{"name":"Jane"},"user789":{"n":1}}');
    });

    it('reads files written by Python (ASCII escapes, any spacing)', async () => {
      const users = ctx.name('users');
      await ctx.store.put(ctx.key(users), '{"u1": {"name": "Jos\\u00e9", "score": 1.5, "ok": true, "none": null}, "42": {"n": 42}}');
      expect(await ctx.json.read(users, 'u1')).toEqual({ name: 'José', score: 1.5, ok: true, none: null });
      expect(await ctx.json.read(users, 42)).toEqual({ n: 42 });
      await ctx.json.write(users, 'josé@x.y', 'u1', { mode: 'update', path: 'email' });
      const parsed = JSON.parse((await ctx.text(ctx.key(users)))!) as Record<string, unknown>;
      expect(parsed).toEqual({ u1: { name: 'José', score: 1.5, ok: true, none: null, email: 'josé@x.y' }, '42': { n: 42 } });
    });

    it('keeps list-shaped collections working, finding items by their id field', async () => {
      const logs = ctx.name('logs');
      await ctx.store.put(ctx.key(logs), JSON.stringify([{ id: 1, event: 'a', level: 2 }, { id: 2, event: 'b', level: 1 }], null, 2));
      expect(await ctx.json.read(logs, 1)).toEqual({ id: 1, event: 'a', level: 2 });
      expect(await ctx.json.read(logs, '2')).toEqual({ id: 2, event: 'b', level: 1 });
      expect(await ctx.json.read(logs, undefined, { query: { sort: 'level' } })).toEqual([{ id: 2, event: 'b', level: 1 }, { id: 1, event: 'a', level: 2 }]);
      expect(await ctx.json.read(logs, undefined, { format: 'dict' })).toEqual({ '1': { id: 1, event: 'a', level: 2 }, '2': { id: 2, event: 'b', level: 1 } });
      await ctx.json.write(logs, { event: 'c' }, 3);
      await ctx.json.write(logs, { level: 9 }, 1, { mode: 'update' });
      await ctx.json.write(logs, [{ id: 4, event: 'd' }], undefined, { mode: 'append' });
      await expect(ctx.json.write(logs, { id: 99 }, 3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await ctx.json.delete(logs, 2)).toMatchObject({ success: true, rowsDeleted: 1 });
      expect(await ctx.json.read(logs)).toEqual([{ id: 1, event: 'a', level: 9 }, { event: 'c', id: 3 }, { id: 4, event: 'd' }]);
      expect(await ctx.json.delete(logs, undefined, { query: { event: ['c', 'd'] } })).toMatchObject({ rowsDeleted: 2, deletedIds: ['3', '4'] });
      expect(await ctx.json.count(logs)).toBe(1);
    });

    it('refuses a corrupt file with an error naming it, and never overwrites it', async () => {
      const broken = ctx.name('broken');
      const key = ctx.key(broken);
      await ctx.store.put(key, '{"u1": {"name": "A"}, oops');
      const attempts = [
        () => ctx.json.read(broken, 'u1'),
        () => ctx.json.read(broken),
        () => ctx.json.count(broken),
        () => ctx.json.write(broken, { a: 1 }, 'u2'),
        () => ctx.json.write(broken, { a: 1 }, 'u1', { mode: 'update' }),
        () => ctx.json.write(broken, [1], undefined, { mode: 'append' }),
        () => ctx.json.delete(broken, 'u1'),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toMatchObject({ code: 'CORRUPT_DATA', message: expect.stringContaining(key) });
      }
      expect(await ctx.text(key)).toBe('{"u1": {"name": "A"}, oops');
    });

    it('serves repeated reads from the parsed cache with one head each', async () => {
      const big = ctx.name('big');
      const documents = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`d${i}`, { i }]));
      await ctx.seed(big, documents);
      const calls = { get: 0, head: 0 };
      const json = createJsonStorage({ store: countingStore(ctx.store, calls) }, { prefix: ctx.prefix });
      expect(await json.read(big, 'd1')).toEqual({ i: 1 });
      const afterFirst = { ...calls };
      for (let i = 0; i < 20; i++) expect(await json.read(big, `d${i}`)).toEqual({ i });
      expect(calls.get).toBe(afterFirst.get);
      expect(calls.head - afterFirst.head).toBe(20);
      await ctx.json.write(big, { i: -1 }, 'd1');
      expect(await json.read(big, 'd1')).toEqual({ i: -1 });
    });
  });
}
