import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context';

const PEOPLE = {
  p1: { name: 'Ann', age: 31, city: 'Oslo', address: { zip: '0150' } },
  p2: { name: 'Bob', age: 25, city: 'Rome', address: { zip: '00100' } },
  p3: { name: 'Cid', age: 40, city: 'Oslo', address: { zip: '0151' } },
  p4: { name: 'Dee', age: 25, city: 'Lima', address: { zip: '15001' } },
};

/** Queries, formats and counts over whole collections. */
export function querySection(ctx: SuiteContext): void {
  describe('query and formats', () => {
    it('filters by equality and lists (as "in"), sorts, pages, in either order', async () => {
      const people = ctx.name('people');
      await ctx.seed(people, PEOPLE);
      const records = (query: Record<string, unknown>) => ctx.json.read<Array<{ name: string }>>(people, undefined, { format: 'records', query });
      expect((await records({ city: 'Oslo', sort: 'name' }))!.map((p) => p.name)).toEqual(['Ann', 'Cid']);
      expect((await records({ city: ['Rome', 'Lima'], sort: 'name' }))!.map((p) => p.name)).toEqual(['Bob', 'Dee']);
      expect((await records({ sort: 'age', order: 'DESC' }))!.map((p) => p.name)).toEqual(['Cid', 'Ann', 'Bob', 'Dee']);
      expect((await records({ sort: 'name', offset: 1, limit: 2 }))!.map((p) => p.name)).toEqual(['Bob', 'Cid']);
      expect((await records({ age: '25', sort: 'name' }))!.map((p) => p.name)).toEqual(['Bob', 'Dee']);
      expect((await records({ age: { $gt: 30 }, sort: 'name' }))!.map((p) => p.name)).toEqual(['Ann', 'Cid']);
      expect((await records({ 'address.zip': '0151' }))!.map((p) => p.name)).toEqual(['Cid']);
      expect((await records({ id: 'p2' }))!.map((p) => p.name)).toEqual(['Bob']);
    });

    it('never mutates the caller’s query', async () => {
      const people = ctx.name('people');
      await ctx.seed(people, PEOPLE);
      const query = Object.freeze({ city: ['Oslo'], sort: 'age', order: 'desc', limit: 1, offset: 0 });
      const copy = JSON.parse(JSON.stringify(query)) as unknown;
      await ctx.json.read(people, undefined, { query });
      await ctx.json.count(people, query);
      expect(query).toEqual(copy);
    });

    it('keeps the stored shape for raw reads and keys dict reads by id', async () => {
      const people = ctx.name('people');
      await ctx.seed(people, PEOPLE);
      expect(await ctx.json.read(people)).toEqual(PEOPLE);
      expect(await ctx.json.read(people, undefined, { query: { city: 'Oslo' } })).toEqual({ p1: PEOPLE.p1, p3: PEOPLE.p3 });
      expect(await ctx.json.read(people, undefined, { format: 'dict', query: { age: 25 } })).toEqual({ p2: PEOPLE.p2, p4: PEOPLE.p4 });
      const records = await ctx.json.read<Array<Record<string, unknown>>>(people, undefined, { format: 'records', query: { sort: 'name', limit: 1 } });
      expect(records).toEqual([PEOPLE.p1]);
      const custom = await ctx.json.read<Array<Record<string, unknown>>>(people, undefined, { format: 'records', idField: 'key', query: { name: 'Bob' } });
      expect(custom).toEqual([{ key: 'p2', ...PEOPLE.p2 }]);
      await expect(ctx.json.read(people, undefined, { format: 'dataframe' as 'raw' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('records keep documents as stored, with the key only under an idField the caller names, never overwriting a field', async () => {
      const docs = ctx.name('docs');
      await ctx.seed(docs, { d1: { id: 'mine', name: 'Ann' }, d2: { name: 'Bob' }, d3: 7 });
      const all = (options: { idField?: string } = {}) => ctx.json.read(docs, undefined, { format: 'records', query: { sort: 'name' }, ...options });
      expect(await all()).toEqual([{ id: 'mine', name: 'Ann' }, { name: 'Bob' }, 7]);
      expect(await all({ idField: 'id' })).toEqual([{ id: 'mine', name: 'Ann' }, { id: 'd2', name: 'Bob' }, { id: 'd3', value: 7 }]);
      expect(await all({ idField: 'key' })).toEqual([{ key: 'd1', id: 'mine', name: 'Ann' }, { key: 'd2', name: 'Bob' }, { key: 'd3', value: 7 }]);
      const named = ctx.create({ idField: 'key' });
      expect(await named.read(docs, undefined, { format: 'records', query: { name: 'Bob' } })).toEqual([{ key: 'd2', name: 'Bob' }]);
    });

    it('keeps limit 0 as "nothing" and refuses a negative limit (the original reads both as "no limit")', async () => {
      const people = ctx.name('people');
      await ctx.seed(people, PEOPLE);
      expect(await ctx.json.read(people, undefined, { format: 'records', query: { limit: 0 } })).toEqual([]);
      expect(await ctx.json.count(people, { limit: 0 })).toBe(0);
      await expect(ctx.json.read(people, undefined, { format: 'records', query: { limit: -1 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('counts the entries at a path of the collection', async () => {
      const docs = ctx.name('docs');
      await ctx.seed(docs, { u1: { tags: ['a', 'b', 'c'], prefs: { x: 1, y: 2 } } });
      expect(await ctx.json.count(docs, undefined, { path: 'u1.tags' })).toBe(3);
      expect(await ctx.json.count(docs, undefined, { path: 'u1.prefs' })).toBe(2);
      expect(await ctx.json.count(docs, undefined, { path: 'u1.missing' })).toBe(0);
      expect(await ctx.json.count(docs, { limit: 2 }, { path: 'u1.tags' })).toBe(2);
      expect(await ctx.json.count(ctx.name('absent'), undefined, { path: 'u1.tags' })).toBe(0);
    });

    it('counts documents, with a query', async () => {
      const people = ctx.name('people');
      expect(await ctx.json.count(people)).toBe(0);
      await ctx.seed(people, PEOPLE);
      expect(await ctx.json.count(people)).toBe(4);
      expect(await ctx.json.count(people, { city: 'Oslo' })).toBe(2);
      expect(await ctx.json.count(people, { age: [25, 40] })).toBe(3);
      expect(await ctx.json.count(people, { age: 25, limit: 1 })).toBe(1);
    });

    it('rejects malformed queries', async () => {
      const people = ctx.name('people');
      await ctx.seed(people, PEOPLE);
      await expect(ctx.json.read(people, undefined, { query: { limit: -1 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.read(people, undefined, { query: { order: 'sideways' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(ctx.json.count(people, { age: { $near: 3 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
}
